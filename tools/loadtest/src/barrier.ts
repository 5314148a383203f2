import { performance } from "node:perf_hooks";
import { mapLimit } from "./concurrency.ts";
import type { Outcome } from "./outcome.ts";
import { RawConnection } from "./raw-http.ts";
import { outcomeOf } from "./reserve-request.ts";

export interface BarrierOptions {
  /** Connections opened at a time before the barrier; the server's listen backlog is the limit. @default 256 */
  connectConcurrency?: number | undefined;
  /** @default 60_000 */
  requestTimeoutMs?: number | undefined;
  log?: ((line: string) => void) | undefined;
}

export interface BarrierRun {
  /** One per client, in the order of `clients`. */
  outcomes: Outcome[];
  connectMs: number;
  /** From the barrier to the last answer. */
  wallMs: number;
}

/**
 * Opens one keep-alive connection per client, then writes every client's prepared request in one synchronous loop
 * (the barrier) and waits for every answer. Every socket is closed at the end, also when opening one failed.
 */
export async function runBarrier(
  url: URL,
  clients: readonly { userId: string; request: Buffer }[],
  options: BarrierOptions = {},
): Promise<BarrierRun> {
  const opened: RawConnection[] = [];
  try {
    const connectStart = performance.now();
    const connections = await mapLimit(clients, options.connectConcurrency ?? 256, async () => {
      const connection = await RawConnection.open(url);
      opened.push(connection);
      return connection;
    });
    const connectMs = performance.now() - connectStart;
    options.log?.(
      `${connections.length} connections open in ${Math.round(connectMs)} ms; releasing the barrier`,
    );

    const timeoutMs = options.requestTimeoutMs ?? 60_000;
    const barrier = performance.now();
    const pending = connections.map((connection, i) => {
      const { userId, request } = clients[i]!;
      const started = performance.now();
      const timing = () => ({
        startedMs: started - barrier,
        latencyMs: performance.now() - started,
        attempts: 1,
      });
      return connection.request(request, timeoutMs).then(
        (response) => outcomeOf(userId, response, timing()),
        (error: Error): Outcome => ({ userId, status: 0, error: error.message, ...timing() }),
      );
    });
    const outcomes = await Promise.all(pending);
    return { outcomes, connectMs, wallMs: performance.now() - barrier };
  } finally {
    for (const connection of opened) connection.close();
  }
}
