import { performance } from "node:perf_hooks";
import { ApiClient } from "./api-client.ts";
import { clientAddress } from "./client-address.ts";
import { mapLimit } from "./concurrency.ts";
import { InvalidOptionError } from "./errors.ts";
import type { Outcome } from "./outcome.ts";
import { RawConnection } from "./raw-http.ts";
import { outcomeOf, reservationRequest } from "./reserve-request.ts";
import { summarizeOutcomes, type FlashSaleSummary } from "./summary.ts";
import { createTokenFactory } from "./tokens.ts";

export interface FlashSaleOptions {
  /** Base URL of the API, e.g. http://localhost:3000. */
  url: string;
  /** Concurrent clients, one connection and one reservation each. */
  users: number;
  /** Seats of the event the run creates. */
  seats: number;
  /** @default 1 */
  quantity?: number;
  /** HS256 secret the API verifies tokens with. */
  jwtSecret: string;
  /** Connections opened at a time before the barrier; the server's listen backlog is the limit. @default 256 */
  connectConcurrency?: number;
  /** @default 60_000 */
  requestTimeoutMs?: number;
  /**
   * Send each client's own address in X-Forwarded-For (see client-address.ts), as a load balancer would; the app
   * uses it only when it trusts a proxy hop (TRUST_PROXY=1). @default true
   */
  forwardedFor?: boolean;
  /** Prefix of the `sub` of each client; a run id keeps runs apart. */
  userPrefix?: string;
  log?: (line: string) => void;
}

export interface FlashSaleRun {
  eventId: string;
  userIds: string[];
  /** Each client's own token, by index of `userIds`, for reading back its reservations. */
  userTokens: string[];
  adminToken: string;
  outcomes: Outcome[];
  connectMs: number;
  summary: FlashSaleSummary;
}

export function validateFlashSaleOptions(options: FlashSaleOptions): void {
  const positive = (name: string, value: number | undefined, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max))
      throw new InvalidOptionError(name, value, `an integer from 1 to ${max}`);
  };
  positive("users", options.users, 100_000);
  positive("seats", options.seats, 1_000_000);
  positive("quantity", options.quantity, 10);
  positive("connect-concurrency", options.connectConcurrency, 10_000);
  positive("request-timeout-ms", options.requestTimeoutMs, 600_000);
  // The barrier writes raw HTTP/1.1 on plain sockets: https is out of scope (test the app, not the TLS terminator).
  if (!URL.canParse(options.url) || new URL(options.url).protocol !== "http:")
    throw new InvalidOptionError("url", options.url, "an http:// URL such as http://localhost:3000");
  if (!options.jwtSecret) throw new InvalidOptionError("jwt-secret", options.jwtSecret, "a non-empty secret");
}

/**
 * Creates an event as admin, opens one connection per client, then writes every client's prepared reservation at
 * the same instant and waits for every answer.
 */
export async function runFlashSale(options: FlashSaleOptions): Promise<FlashSaleRun> {
  validateFlashSaleOptions(options);
  const log = options.log ?? (() => {});
  const url = new URL(options.url);
  const quantity = options.quantity ?? 1;
  const sign = createTokenFactory(options.jwtSecret);
  const runId = options.userPrefix ?? `lt-${Date.now().toString(36)}`;
  const api = new ApiClient(url, { connections: 8 });
  const adminToken = await sign(`${runId}-admin`, "admin");
  // Every socket opened so far, so that a failure half-way through the connect phase still closes them.
  const opened: RawConnection[] = [];
  try {
    const forwardedFor = options.forwardedFor ?? true;
    // The organiser has an address of its own, past the buyers'.
    const event = await api.createEvent(
      adminToken,
      {
        eventName: `Flash sale ${runId}`,
        totalSeats: options.seats,
        eventDate: new Date(Date.now() + 30 * 24 * 3600_000),
      },
      forwardedFor ? clientAddress(options.users + 1) : undefined,
    );
    const eventId = String(event.id);
    log(`event ${eventId}: ${options.seats} seats; ${options.users} clients`);

    const userIds = Array.from({ length: options.users }, (_, i) => `${runId}-u${i}`);
    const userTokens = await Promise.all(userIds.map((userId) => sign(userId, "user")));
    const requests = userIds.map((_, i) =>
      reservationRequest(url, {
        token: userTokens[i] as string,
        eventId,
        quantity,
        ...(forwardedFor ? { forwardedFor: clientAddress(i) } : {}),
      }),
    );

    const connectStart = performance.now();
    const connections = await mapLimit(userIds, options.connectConcurrency ?? 256, async () => {
      const connection = await RawConnection.open(url);
      opened.push(connection);
      return connection;
    });
    const connectMs = performance.now() - connectStart;
    log(`${connections.length} connections open in ${Math.round(connectMs)} ms; releasing the barrier`);

    const timeoutMs = options.requestTimeoutMs ?? 60_000;
    const barrier = performance.now();
    const pending = connections.map((connection, i) => {
      const started = performance.now();
      const userId = userIds[i] as string;
      return connection.request(requests[i] as Buffer, timeoutMs).then(
        (response) =>
          outcomeOf(userId, response, {
            startedMs: started - barrier,
            latencyMs: performance.now() - started,
            attempts: 1,
          }),
        (error: Error): Outcome => ({
          userId,
          status: 0,
          error: error.message,
          startedMs: started - barrier,
          latencyMs: performance.now() - started,
          attempts: 1,
        }),
      );
    });
    const outcomes = await Promise.all(pending);
    const wallMs = performance.now() - barrier;
    return {
      eventId,
      userIds,
      userTokens,
      adminToken,
      outcomes,
      connectMs,
      summary: summarizeOutcomes(outcomes, { users: options.users, seats: options.seats, wallMs }),
    };
  } finally {
    for (const connection of opened) connection.close();
    await api.close();
  }
}
