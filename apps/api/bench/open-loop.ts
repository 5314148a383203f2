// A constant-rate (open-loop) load generator: request i is due at start + i / rate whatever happened to the ones
// before it, and its latency is measured from that intended time, so a stalled server is charged for the requests
// it kept waiting (no coordinated omission). wrk2 does the same in C; it is not packaged for Debian. Like wrk2's
// calibration period, a warm-up at the same rate on the same connections comes first and is not in the latencies:
// opening the connections is a start-up cost, not the steady state the run measures.
import { performance } from "node:perf_hooks";
import { Pool } from "undici";

export interface OpenLoopLoad {
  url: string;
  path: string;
  method: "GET" | "POST";
  /** Requests started per second. */
  rate: number;
  /** Seconds measured, after the warm-up. */
  seconds: number;
  /** Seconds at the same rate before the measured ones, counted in `sent`/`ok`/… but not in the latencies. */
  warmUpSeconds: number;
  /** Most connections open at once; requests due while all are busy wait (and that wait counts). */
  connections: number;
  body?: string;
  /** One Authorization value per request, in turn. */
  authorizations?: readonly string[];
}

export interface OpenLoopResult {
  /** Requests due in the run, warm-up included (rate × (warm-up + seconds)); every one was sent. */
  sent: number;
  /** Requests of the measured seconds, whose latencies the percentiles are of. */
  measured: number;
  ok: number;
  non2xx: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Latency from the intended send time to the end of the response, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the generator itself sent requests, p99, in ms: a busy generator shows here. */
  sendLagP99Ms: number;
}

export async function openLoop(load: OpenLoopLoad): Promise<OpenLoopResult> {
  const pool = new Pool(load.url, {
    connections: load.connections,
    pipelining: 1,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const warmUp = Math.round(load.rate * load.warmUpSeconds);
  const total = warmUp + Math.round(load.rate * load.seconds);
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const interval = 1000 / load.rate;
  const start = performance.now() + 50;
  // The generator allocates as little per request as it can (header objects built once, undici's dispatch handler
  // instead of a response stream and promises), because its own garbage-collection pauses are charged to the server:
  // with pool.request() they paused it for 15-20 ms every 0.7 s.
  const headerSets = (load.authorizations ?? [undefined]).map((authorization) => ({
    "content-type": "application/json",
    ...(authorization ? { authorization } : {}),
  }));
  let settled = 0;
  let allAnswered = () => {};
  const answered = new Promise<void>((resolve) => (allAnswered = resolve));

  const send = (i: number, intended: number) => {
    lags[i] = performance.now() - intended;
    let status = 0;
    const settle = () => {
      latencies[i] = performance.now() - intended;
      if (++settled === total) allAnswered();
    };
    pool.dispatch(
      {
        method: load.method,
        path: load.path,
        headers: headerSets[i % headerSets.length],
        body: load.body ?? null,
      },
      {
        onRequestStart: () => {
          // Nothing to set up: undici requires the hook.
        },
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: () => {
          // The body is read and dropped.
        },
        onResponseEnd: () => {
          if (status >= 200 && status < 300) ok++;
          else non2xx++;
          settle();
        },
        onResponseError: () => {
          errors++;
          settle();
        },
      },
    );
  };

  let next = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    for (; next < due; next++) send(next, start + next * interval);
    if (next < total) setTimeout(tick, 1);
  };
  setTimeout(tick, 50);
  // Every request was sent before the last one can settle.
  if (total > 0) await answered;
  await pool.close();

  // A typed array sorts numerically.
  const sorted = latencies.slice(warmUp).sort();
  const lagSorted = lags.slice(warmUp).sort();
  const at = (values: Float64Array, q: number) =>
    values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    sent: total,
    measured: total - warmUp,
    ok,
    non2xx,
    errors,
    p50Ms: ms(at(sorted, 0.5)),
    p99Ms: ms(at(sorted, 0.99)),
    maxMs: ms(sorted.at(-1)!),
    sendLagP99Ms: ms(at(lagSorted, 0.99)),
  };
}
