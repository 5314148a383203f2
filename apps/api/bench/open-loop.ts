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
  const inFlight: Promise<void>[] = [];
  const interval = 1000 / load.rate;
  const start = performance.now() + 50;
  const headers = (i: number) => ({
    "content-type": "application/json",
    ...(load.authorizations ? { authorization: load.authorizations[i % load.authorizations.length]! } : {}),
  });

  const send = (i: number, intended: number) => {
    lags[i] = performance.now() - intended;
    return pool
      .request({ method: load.method, path: load.path, headers: headers(i), body: load.body ?? null })
      .then(
        async (response) => {
          await response.body.dump();
          if (response.statusCode >= 200 && response.statusCode < 300) ok++;
          else non2xx++;
        },
        () => {
          errors++;
        },
      )
      .finally(() => {
        latencies[i] = performance.now() - intended;
      });
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; next < due; next++) inFlight.push(send(next, start + next * interval));
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 50);
  });
  await Promise.all(inFlight);
  await pool.close();

  const sorted = [...latencies.subarray(warmUp)].sort((a, b) => a - b);
  const lagSorted = [...lags.subarray(warmUp)].sort((a, b) => a - b);
  const at = (values: number[], q: number) =>
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
