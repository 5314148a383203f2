import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { SettlementOutcome } from "@ticketing/waiting-room";
import type { Metrics } from "./metrics.js";

export interface CloudWatchMetricsOptions {
  /** @default "Ticketing/Api" */
  namespace?: string;
  /** @default 60_000 (ms) */
  flushMs?: number;
  /** @default new CloudWatchClient({}) (region and credentials from the environment) */
  client?: Pick<CloudWatchClient, "send">;
  /** Called with a failed PutMetricData (the batch is dropped: metrics never hold memory hostage). */
  onError?: (error: unknown) => void;
  /** Extra dimensions on every datum, e.g. { Service: "api" }. */
  dimensions?: Record<string, string>;
}

// CloudWatch takes at most 150 distinct values per datum; the sample distribution is kept by counting
// values rounded to two significant digits, which keeps percentiles within ~5%.
const MAX_VALUES_PER_DATUM = 150;
const DATUMS_PER_REQUEST = 20;

type Histogram = Map<number, number>;

/**
 * Every metric name `CloudWatchMetrics` sends, each with the `dimensions` option's dimensions only (`Latency` also by
 * `Route`): what a dashboard of the app's namespace may draw. Counters are sent only for a period that counted some.
 */
export const CLOUDWATCH_METRIC_NAMES = [
  "ReservationsConfirmed",
  "SeatsReserved",
  "SoldOut",
  "ClientErrors",
  "ServerErrors",
  "Latency",
  "LockWait",
  "CacheHits",
  "CacheMisses",
  "CacheHitRatio",
  "WaitingRoomJoins",
  "WaitingRoomJoinsLimited",
  "WaitingRoomAdmitted",
  "WaitingRoomAdmissionsExpired",
  "WaitingRoomAdmissionsReserved",
  "WaitingRoomAdmissionsRefused",
  "WaitingRoomAdmissionsAbandoned",
  "OutboxRefused",
  "OutboxErrors",
] as const;

type MetricName = (typeof CLOUDWATCH_METRIC_NAMES)[number];

const SETTLED = {
  reserved: "WaitingRoomAdmissionsReserved",
  refused: "WaitingRoomAdmissionsRefused",
  abandoned: "WaitingRoomAdmissionsAbandoned",
} as const satisfies Record<SettlementOutcome, MetricName>;

/**
 * Batches counters and latency distributions in memory and sends them with PutMetricData every `flushMs` and on
 * close(). Latencies are sent as Values/Counts so CloudWatch can answer p50/p90/p99.
 */
export class CloudWatchMetrics implements Metrics {
  private readonly client: Pick<CloudWatchClient, "send">;
  private readonly namespace: string;
  private readonly dimensions: { Name: string; Value: string }[];
  private readonly timer: NodeJS.Timeout;
  private counters = new Map<MetricName, number>();
  private histograms = new Map<string, { name: MetricName; route?: string; values: Histogram }>();
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly options: CloudWatchMetricsOptions = {}) {
    this.client = options.client ?? new CloudWatchClient({});
    this.namespace = options.namespace ?? "Ticketing/Api";
    this.dimensions = Object.entries(options.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 60_000);
    this.timer.unref();
  }

  reservationConfirmed(quantity: number): void {
    this.count("ReservationsConfirmed", 1);
    this.count("SeatsReserved", quantity);
  }
  soldOut(): void {
    this.count("SoldOut", 1);
  }
  error(status: number): void {
    this.count(status >= 500 ? "ServerErrors" : "ClientErrors", 1);
  }
  latency(route: string, ms: number): void {
    this.observe("Latency", ms, route);
  }
  lockWait(ms: number): void {
    this.observe("LockWait", ms);
  }
  cacheLookup(hit: boolean): void {
    this.count(hit ? "CacheHits" : "CacheMisses", 1);
  }
  waitingRoomJoined(): void {
    this.count("WaitingRoomJoins", 1);
  }
  waitingRoomJoinLimited(): void {
    this.count("WaitingRoomJoinsLimited", 1);
  }
  waitingRoomStep(admitted: number, expired: number): void {
    // Steps run every few hundred ms on every instance; most admit nobody and send nothing.
    if (admitted > 0) this.count("WaitingRoomAdmitted", admitted);
    if (expired > 0) this.count("WaitingRoomAdmissionsExpired", expired);
  }
  admissionSettled(outcome: SettlementOutcome): void {
    this.count(SETTLED[outcome], 1);
  }
  outboxRefused(count: number): void {
    this.count("OutboxRefused", count);
  }
  outboxError(): void {
    this.count("OutboxErrors", 1);
  }

  flush(): Promise<void> {
    const data = this.drain();
    if (data.length === 0) return Promise.resolve();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < data.length; i += DATUMS_PER_REQUEST) {
      const batch = data.slice(i, i + DATUMS_PER_REQUEST);
      const sent = this.client
        .send(new PutMetricDataCommand({ Namespace: this.namespace, MetricData: batch }))
        .then(
          () => undefined,
          (error: unknown) => this.options.onError?.(error),
        );
      sends.push(sent);
    }
    const all = Promise.all(sends).then(() => undefined);
    this.inFlight.add(all);
    void all.finally(() => this.inFlight.delete(all));
    return all;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await Promise.all(this.inFlight);
  }

  private count(name: MetricName, by: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  private observe(name: MetricName, ms: number, route?: string): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const key = route === undefined ? name : `${name}\u0000${route}`;
    let entry = this.histograms.get(key);
    if (!entry) {
      entry = { name, ...(route === undefined ? {} : { route }), values: new Map() };
      this.histograms.set(key, entry);
    }
    const value = roundSignificant(ms);
    entry.values.set(value, (entry.values.get(value) ?? 0) + 1);
  }

  private drain(): MetricDatum[] {
    const timestamp = new Date();
    const counters = this.counters;
    const histograms = this.histograms;
    this.counters = new Map();
    this.histograms = new Map();
    const data: MetricDatum[] = [];
    for (const [name, value] of counters) {
      data.push({
        MetricName: name,
        Unit: "Count",
        Value: value,
        Timestamp: timestamp,
        Dimensions: this.dimensions,
      });
    }
    const hits = counters.get("CacheHits") ?? 0;
    const misses = counters.get("CacheMisses") ?? 0;
    if (hits + misses > 0) {
      data.push({
        MetricName: "CacheHitRatio",
        Unit: "Percent",
        Value: (hits / (hits + misses)) * 100,
        Timestamp: timestamp,
        Dimensions: this.dimensions,
      });
    }
    for (const { name, route, values } of histograms.values()) {
      const entries = [...values.entries()];
      const dimensions =
        route === undefined ? this.dimensions : [...this.dimensions, { Name: "Route", Value: route }];
      for (let i = 0; i < entries.length; i += MAX_VALUES_PER_DATUM) {
        const slice = entries.slice(i, i + MAX_VALUES_PER_DATUM);
        data.push({
          MetricName: name,
          Unit: "Milliseconds",
          Values: slice.map(([value]) => value),
          Counts: slice.map(([, count]) => count),
          Timestamp: timestamp,
          Dimensions: dimensions,
        });
      }
    }
    return data;
  }
}

function roundSignificant(ms: number): number {
  return ms === 0 ? 0 : Number(ms.toPrecision(2));
}
