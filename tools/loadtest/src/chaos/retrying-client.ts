import { performance } from "node:perf_hooks";
import type { Pool } from "undici";
import { sleep } from "../concurrency.ts";
import type { Outcome } from "../outcome.ts";
import { readAnswer } from "../reserve-request.ts";

/** One HTTP attempt, for the fault accounting: when it started (ms since the run's start), how long, what status. */
export interface Attempt {
  startedMs: number;
  latencyMs: number;
  status: number;
}

/** Statuses after which the same request, with the same Idempotency-Key, is sent again. */
export const RETRYABLE = new Set([0, 429, 500, 502, 503, 504]);

/**
 * A client that reserves once, retrying with the same Idempotency-Key through faults until it gets a definitive
 * answer or `deadlineMs` passes; what a well-behaved mobile app does when the network or a server fails.
 */
export async function reserveWithRetries(input: {
  pool: Pool;
  token: string;
  userId: string;
  eventId: string;
  quantity: number;
  origin: number;
  deadlineMs: number;
  attempts: Attempt[];
}): Promise<Outcome> {
  const body = JSON.stringify({ eventId: input.eventId, quantity: input.quantity });
  const headers = {
    authorization: `Bearer ${input.token}`,
    "content-type": "application/json",
    "idempotency-key": `chaos-${input.userId}`,
  };
  const firstStart = performance.now();
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const started = performance.now();
    let status = 0;
    let text = "";
    let error: string | undefined;
    try {
      const response = await input.pool.request({
        method: "POST",
        path: "/api/reservations",
        headers,
        body,
        headersTimeout: 15_000,
        bodyTimeout: 15_000,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (caught) {
      error = (caught as Error).message;
    }
    const finished = performance.now();
    input.attempts.push({ startedMs: started - input.origin, latencyMs: finished - started, status });
    const outOfTime = finished - firstStart > input.deadlineMs;
    if (!RETRYABLE.has(status) || outOfTime) {
      return {
        userId: input.userId,
        status,
        latencyMs: finished - firstStart,
        startedMs: firstStart - input.origin,
        attempts,
        ...(error ? { error } : {}),
        ...readAnswer(status, text),
      };
    }
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempts, 5)) * (0.5 + Math.random()));
  }
}
