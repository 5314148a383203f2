import type { ServerResponse } from "node:http";
import type { Ticket } from "./ticket.js";
import type { WatchOptions } from "./watch.js";

/** The part of a room the stream needs. */
export interface TicketSource {
  watch(eventId: string, identity: string, options?: WatchOptions): AsyncIterable<Ticket>;
}

export interface StreamTicketOptions {
  readonly room: TicketSource;
  /** Node's response (Express's `res` is one). Nothing may have been written to it yet. */
  readonly response: ServerResponse;
  readonly eventId: string;
  readonly identity: string;
  /** A comment line this often keeps proxies from closing an idle stream, in ms. @default 15_000 */
  readonly heartbeatMs?: number;
  /** The reconnection delay the browser is told to use (`retry:`), in ms. @default 2_000 */
  readonly retryMs?: number;
  /** Passed to `watch`. @default 1_000 */
  readonly updateEveryMs?: number;
  /** Ends the stream early (server shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * Streams a buyer's ticket as Server-Sent Events: one `ticket` event with the ticket as JSON, then one per change,
 * until it is admitted or final (then the response ends), the client disconnects or `signal` aborts.
 *
 * The first ticket is read before anything is written, so an unknown room or ticket rejects with the room's error
 * and the caller can still answer with an error status. Later read errors are retried at the next step. Resolves
 * when the stream has ended.
 *
 * @example
 * app.get("/events/:id/queue/stream", (req, res, next) => {
 *   streamTicket({ room, response: res, eventId: req.params.id, identity: req.user.id }).catch(next);
 * });
 */
export async function streamTicket(options: StreamTicketOptions): Promise<void> {
  const { room, response, eventId, identity } = options;
  const controller = new AbortController();
  const abort = () => controller.abort();
  response.once("close", abort);
  options.signal?.addEventListener("abort", abort, { once: true });
  const tickets = room
    .watch(eventId, identity, { signal: controller.signal, updateEveryMs: options.updateEveryMs })
    [Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const first = await tickets.next();
    if (controller.signal.aborted) return;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    });
    response.write(`retry: ${options.retryMs ?? 2_000}\n\n`);
    heartbeat = setInterval(() => response.write(": keep-alive\n\n"), options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    let id = 0;
    for (let next = first; !next.done; next = await tickets.next()) {
      if (controller.signal.aborted) break;
      response.write(`id: ${++id}\nevent: ticket\ndata: ${JSON.stringify(next.value)}\n\n`);
    }
  } finally {
    clearInterval(heartbeat);
    response.off("close", abort);
    options.signal?.removeEventListener("abort", abort);
    await tickets.return?.();
    if (response.headersSent && !response.writableEnded) response.end();
  }
}
