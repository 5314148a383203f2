import { performance } from "node:perf_hooks";
import { ApiClient } from "./api-client.ts";
import { sleep } from "./concurrency.ts";
import { InvalidOptionError } from "./errors.ts";
import { summarizeLatencies, type LatencySummary } from "./stats.ts";
import { renderTable } from "./table.ts";
import { clientAddress } from "./client-address.ts";
import { createTokenFactory } from "./tokens.ts";

export type Operation = "get-event" | "list-events" | "reserve";

export interface SteadyOptions {
  url: string;
  jwtSecret: string;
  /** Seconds to run. */
  durationS: number;
  /** Open loop: requests started per second, whatever the latency. Exclusive with `connections`. */
  rate?: number;
  /** Closed loop: this many clients each sending the next request when the last one answers. */
  connections?: number;
  /** Relative weights, e.g. `{ "get-event": 80, "list-events": 10, reserve: 10 }`. */
  mix: Partial<Record<Operation, number>>;
  /** Distinct users (each with its own address in X-Forwarded-For) the requests are spread over. @default 1000 */
  users?: number;
  /** Called once a second with the line to show. */
  progress?: (line: string) => void;
}

export interface OperationStats {
  operation: Operation;
  count: number;
  ok: number;
  byStatus: Record<string, number>;
  perSecond: number;
  latency: LatencySummary;
}

export interface SteadyResult {
  elapsedS: number;
  /** Open-loop requests not sent because the client already had its maximum in flight. */
  skipped: number;
  operations: OperationStats[];
}

export function parseMix(text: string): Partial<Record<Operation, number>> {
  const mix: Partial<Record<Operation, number>> = {};
  for (const part of text.split(",")) {
    const [name, weight] = part.split("=");
    if (name !== "get-event" && name !== "list-events" && name !== "reserve")
      throw new InvalidOptionError("mix", text, "weights like get-event=80,list-events=10,reserve=10");
    const value = Number(weight);
    if (!(value >= 0)) throw new InvalidOptionError("mix", text, "non-negative weights");
    mix[name] = value;
  }
  return mix;
}

/** Picks an operation by weight; `random` in [0, 1). */
export function pickOperation(mix: Partial<Record<Operation, number>>, random: number): Operation {
  const entries = Object.entries(mix).filter(([, weight]) => (weight ?? 0) > 0) as [Operation, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random * total;
  for (const [operation, weight] of entries) {
    if (point < weight) return operation;
    point -= weight;
  }
  return entries[entries.length - 1]?.[0] ?? "get-event";
}

export async function runSteady(options: SteadyOptions): Promise<SteadyResult> {
  if (!(options.durationS > 0)) throw new InvalidOptionError("duration", options.durationS, "seconds > 0");
  if ((options.rate === undefined) === (options.connections === undefined))
    throw new InvalidOptionError("rate", options.rate, "exactly one of --rate or --connections");
  const maxInFlight = options.connections ?? Math.max(64, Math.min(4096, Math.ceil((options.rate ?? 0) / 2)));
  const api = new ApiClient(options.url, { connections: maxInFlight });
  const sign = createTokenFactory(options.jwtSecret);
  const runId = `steady-${Date.now().toString(36)}`;
  const samples = new Map<Operation, { latencies: number[]; byStatus: Record<string, number>; ok: number }>();
  let skipped = 0;
  try {
    const adminToken = await sign(`${runId}-admin`, "admin");
    const event = await api.createEvent(adminToken, {
      eventName: `Steady ${runId}`,
      totalSeats: 1_000_000,
      eventDate: new Date(Date.now() + 30 * 24 * 3600_000),
    });
    const tokens = await Promise.all(
      Array.from({ length: options.users ?? 1000 }, (_, i) => sign(`${runId}-u${i}`, "user")),
    );
    const send = async (operation: Operation) => {
      const started = performance.now();
      let status = 0;
      // Each request is one of the users', from that user's own address (see client-address.ts).
      const user = Math.floor(Math.random() * tokens.length);
      const headers = { "x-forwarded-for": clientAddress(user) };
      try {
        if (operation === "get-event")
          status = (await api.call("GET", `/api/events/${event.id}`, { headers })).status;
        else if (operation === "list-events")
          status = (await api.call("GET", "/api/events?limit=20", { headers })).status;
        else {
          const token = tokens[user] as string;
          status = (
            await api.call("POST", "/api/reservations", {
              token,
              headers,
              body: { eventId: event.id, quantity: 1 },
            })
          ).status;
        }
      } catch {
        status = 0;
      }
      const entry = samples.get(operation) ?? { latencies: [], byStatus: {}, ok: 0 };
      samples.set(operation, entry);
      entry.latencies.push(performance.now() - started);
      entry.byStatus[String(status)] = (entry.byStatus[String(status)] ?? 0) + 1;
      if (status >= 200 && status < 300) entry.ok += 1;
    };

    const start = performance.now();
    const deadline = start + options.durationS * 1000;
    let inFlight = 0;
    let sent = 0;
    const ticker = setInterval(() => {
      const elapsed = (performance.now() - start) / 1000;
      const all = [...samples.values()];
      const done = all.reduce((sum, entry) => sum + entry.latencies.length, 0);
      const failed = all.reduce((sum, entry) => sum + entry.latencies.length - entry.ok, 0);
      options.progress?.(
        `${elapsed.toFixed(0)}s/${options.durationS}s  sent ${sent}  done ${done}  non-2xx ${failed}  in flight ${inFlight}  ${Math.round(done / Math.max(elapsed, 0.001))} req/s`,
      );
    }, 1000);
    try {
      if (options.connections !== undefined) {
        await Promise.all(
          Array.from({ length: options.connections }, async () => {
            while (performance.now() < deadline) {
              sent += 1;
              inFlight += 1;
              await send(pickOperation(options.mix, Math.random()));
              inFlight -= 1;
            }
          }),
        );
      } else {
        const rate = options.rate as number;
        const running = new Set<Promise<void>>();
        while (performance.now() < deadline) {
          const due = Math.floor(((performance.now() - start) / 1000) * rate);
          while (sent + skipped < due) {
            if (inFlight >= maxInFlight) {
              skipped += 1;
              continue;
            }
            sent += 1;
            inFlight += 1;
            const promise = send(pickOperation(options.mix, Math.random())).finally(() => {
              inFlight -= 1;
              running.delete(promise);
            });
            running.add(promise);
          }
          await sleep(5);
        }
        await Promise.all(running);
      }
    } finally {
      clearInterval(ticker);
    }
    const elapsedS = (performance.now() - start) / 1000;
    return {
      elapsedS,
      skipped,
      operations: [...samples]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, entry]) => ({
          operation,
          count: entry.latencies.length,
          ok: entry.ok,
          byStatus: entry.byStatus,
          perSecond: entry.latencies.length / elapsedS,
          latency: summarizeLatencies(entry.latencies),
        })),
    };
  } finally {
    await api.close();
  }
}

export function renderSteady(result: SteadyResult): string {
  const table = renderTable(
    ["operation", "requests", "2xx", "statuses", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    result.operations.map((op) => [
      op.operation,
      op.count,
      op.ok,
      Object.entries(op.byStatus)
        .map(([status, count]) => `${status === "0" ? "no answer" : status}:${count}`)
        .join(" "),
      op.perSecond,
      op.latency.p50,
      op.latency.p95,
      op.latency.p99,
      op.latency.max,
    ]),
  );
  const skipped = result.skipped
    ? `\n${result.skipped} requests not sent: the client had its maximum in flight`
    : "";
  return `${table}\nelapsed ${result.elapsedS.toFixed(1)} s${skipped}`;
}
