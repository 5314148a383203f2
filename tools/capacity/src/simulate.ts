import { InvalidSettingError } from "./errors.ts";
import { Group } from "./group.ts";
import type { PolicySet } from "./infra-settings.ts";
import { firstAttempts, REQUESTS_PER_ATTEMPT, validateOpening, type OpeningScenario } from "./opening.ts";
import { controllerFor, type ScalingEvent } from "./policies.ts";

/** How the fleet and the database serve, from the benches (see measurements.ts). */
export interface ServiceModel {
  /** Work one instance does per second, in reservations (a cached read costs a fraction of one). */
  readonly perInstanceUnits: number;
  /** Work of one attempt: a reservation plus a cached event read. */
  readonly unitsPerAttempt: number;
  /** Work of one browsing request (a cached read). */
  readonly unitsPerBaselineRequest: number;
  /** Reservations per second the Aurora writer commits. */
  readonly writerPerSecond: number;
  /** p99 of a request that waits for nothing, ms. */
  readonly baseP99Ms: number;
  /** vCPUs of the instance type; the one Node.js process keeps one of them busy. */
  readonly vcpus: number;
}

/** One simulated second. */
export interface SecondRow {
  readonly t: number;
  /** HTTP requests arriving (attempts × 2, plus browsing). */
  readonly offeredRps: number;
  readonly servedRps: number;
  /** HTTP requests of attempts that timed out waiting this second. */
  readonly refusedRps: number;
  readonly inService: number;
  readonly pending: number;
  readonly desired: number;
  readonly cpu: number;
  readonly p99Ms: number;
  readonly seatsLeft: number;
}

export interface SimulationResult {
  readonly policy: string;
  readonly rows: readonly SecondRow[];
  readonly events: readonly ScalingEvent[];
  /** Launched instances (pending or serving) integrated over the window: what AWS bills. */
  readonly instanceHours: number;
  readonly maxP99Ms: number;
  readonly secondsOverTarget: number;
  readonly refusedRequests: number;
  /** Buyers who reached the attempt limit without an answer. */
  readonly buyersGaveUp: number;
  readonly seatsSold: number;
  /** When the last seat was confirmed, seconds since midnight. */
  readonly soldOutAt: number | undefined;
  readonly peakInService: number;
  readonly inServiceAtOpening: number;
  readonly withinTarget: boolean;
}

export interface SimulationInput {
  readonly policySet: PolicySet;
  readonly scenario: OpeningScenario;
  readonly service: ServiceModel;
  /** Window, seconds since midnight. */
  readonly start: number;
  readonly end: number;
  readonly p99TargetMs: number;
}

interface Chunk {
  t: number;
  amount: number;
  attempt: number;
}

/** CPU the agent, Docker and the log driver use besides the app, percent of the instance. */
const CPU_OVERHEAD = 5;

/**
 * Runs one opening second by second as a fluid model: first attempts and retries join a queue in front of the
 * in-service instances, which serve it oldest first up to their capacity; an attempt that waits a client timeout
 * fails and is retried after the scenario's delay (until the buyer gives up); a served attempt takes a seat while
 * seats remain and its write waits for the Aurora writer. The policies see CPU and requests per target.
 */
export function simulate(input: SimulationInput): SimulationResult {
  const { scenario, service, policySet } = input;
  validateOpening(scenario);
  if (!(service.perInstanceUnits > 0))
    throw new InvalidSettingError("perInstanceUnits", service.perInstanceUnits, "a number > 0");
  if (!(input.end > input.start))
    throw new InvalidSettingError("end", input.end, `after start (${input.start})`);
  const group = new Group(policySet.group);
  const controllers = policySet.policies.map(controllerFor);
  const arrivals = firstAttempts(scenario);
  const retries = new Map<number, Chunk[]>();
  const queue: Chunk[] = [];
  const rows: SecondRow[] = [];
  const events: ScalingEvent[] = [];
  let seatsLeft = scenario.seats;
  let writerBacklog = 0;
  let confirmedTotal = 0;
  let soldOutAt: number | undefined;
  let refusedRequests = 0;
  let buyersGaveUp = 0;
  let instanceSeconds = 0;
  let peakInService = 0;
  let inServiceAtOpening = 0;
  const [retryLow, retryHigh] = scenario.retryDelaySeconds;

  for (let t = input.start; t < input.end; t++) {
    const index = t - scenario.opensAt;
    const first = index >= 0 && index < arrivals.length ? (arrivals[index] as number) : 0;
    const fresh: Chunk[] = [
      ...(first > 0 ? [{ t, amount: first, attempt: 1 }] : []),
      ...(retries.get(t) ?? []),
    ];
    retries.delete(t);
    queue.push(...fresh);
    const offeredAttempts = fresh.reduce((sum, chunk) => sum + chunk.amount, 0);

    const serving = group.inService(t);
    if (t === scenario.opensAt) inServiceAtOpening = serving;
    const capacityUnits = serving * service.perInstanceUnits;
    const baselineUnits = Math.min(scenario.baselineRps * service.unitsPerBaselineRequest, capacityUnits);
    let attemptCapacity = (capacityUnits - baselineUnits) / service.unitsPerAttempt;

    // Attempts that have waited a whole client timeout fail; their buyers retry later.
    let expired = 0;
    while (queue.length > 0 && t - (queue[0] as Chunk).t >= scenario.clientTimeoutSeconds) {
      const chunk = queue.shift() as Chunk;
      expired += chunk.amount;
      if (chunk.attempt >= scenario.maxAttempts) {
        buyersGaveUp += chunk.amount;
        continue;
      }
      const spread = retryHigh - retryLow + 1;
      for (let delay = retryLow; delay <= retryHigh; delay++) {
        const at = t + delay;
        const list = retries.get(at) ?? [];
        list.push({ t: at, amount: chunk.amount / spread, attempt: chunk.attempt + 1 });
        retries.set(at, list);
      }
    }
    refusedRequests += expired * REQUESTS_PER_ATTEMPT;

    const waits: [number, number][] = [];
    let served = 0;
    while (queue.length > 0 && attemptCapacity > 1e-9) {
      const chunk = queue[0] as Chunk;
      const take = Math.min(chunk.amount, attemptCapacity);
      waits.push([t - chunk.t, take]);
      served += take;
      attemptCapacity -= take;
      chunk.amount -= take;
      if (chunk.amount <= 1e-9) queue.shift();
    }

    const admitted = Math.min(served, seatsLeft);
    seatsLeft -= admitted;
    writerBacklog += admitted;
    const confirmed = Math.min(writerBacklog, service.writerPerSecond);
    writerBacklog -= confirmed;
    confirmedTotal += confirmed;
    // A fluid model's last fraction of a seat is no seat: sold out once less than half of one is left.
    if (soldOutAt === undefined && seatsLeft < 0.5 && writerBacklog < 0.5) soldOutAt = t;

    const utilization =
      capacityUnits > 0 ? (served * service.unitsPerAttempt + baselineUnits) / capacityUnits : 1;
    const cpu = Math.min(100, CPU_OVERHEAD + (100 * Math.min(1, utilization)) / service.vcpus);
    const mu = service.perInstanceUnits / service.unitsPerAttempt;
    // The 99th percentile of an M/M/1 wait at this utilisation; a saturated second waits a whole second.
    const inSecondWait =
      utilization >= 0.999
        ? 1
        : utilization > 0.01
          ? Math.min(1, Math.log(100 * utilization) / (mu * (1 - utilization)))
          : 0;
    // Writes of admitted attempts wait for the writer's backlog to drain.
    const writerWait = admitted > served * 0.01 ? writerBacklog / service.writerPerSecond : 0;
    // Nothing waits longer than the client timeout: past it, the attempt counts as refused instead.
    const p99Ms =
      served > 0
        ? service.baseP99Ms +
          1000 *
            Math.min(
              scenario.clientTimeoutSeconds,
              percentile(waits, 0.99) + Math.max(0, inSecondWait) + writerWait,
            )
        : service.baseP99Ms;

    const requests = offeredAttempts * REQUESTS_PER_ATTEMPT + scenario.baselineRps;
    rows.push({
      t,
      offeredRps: requests,
      servedRps: served * REQUESTS_PER_ATTEMPT + baselineUnits / service.unitsPerBaselineRequest,
      refusedRps: expired * REQUESTS_PER_ATTEMPT,
      inService: serving,
      pending: group.instances.length - serving,
      desired: group.desired,
      cpu,
      p99Ms,
      seatsLeft,
    });
    instanceSeconds += group.instances.length;
    peakInService = Math.max(peakInService, serving);
    for (const controller of controllers) {
      const scaled = controller.tick(
        { now: t, cpu, requestsPerTarget: requests / Math.max(1, serving), inService: serving },
        group,
      );
      if (scaled) events.push(scaled);
    }
  }
  const secondsOverTarget = rows.filter((row) => row.p99Ms > input.p99TargetMs).length;
  return {
    policy: policySet.name,
    rows,
    events,
    instanceHours: instanceSeconds / 3600,
    maxP99Ms: Math.max(...rows.map((row) => row.p99Ms)),
    secondsOverTarget,
    refusedRequests,
    buyersGaveUp,
    seatsSold: confirmedTotal,
    soldOutAt,
    peakInService,
    inServiceAtOpening,
    withinTarget: secondsOverTarget === 0 && refusedRequests < 0.5,
  };
}

/** The value below which `fraction` of the weight lies. */
function percentile(weighted: readonly [number, number][], fraction: number): number {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) return 0;
  const sorted = [...weighted].sort(([a], [b]) => a - b);
  let seen = 0;
  for (const [value, weight] of sorted) {
    seen += weight;
    if (seen >= total * fraction) return value;
  }
  return sorted[sorted.length - 1]?.[0] ?? 0;
}
