import { ApiClient } from "./api-client.ts";
import { runBarrier } from "./barrier.ts";
import { clientAddress } from "./client-address.ts";
import { InvalidOptionError } from "./errors.ts";
import type { Outcome } from "./outcome.ts";
import { reservationRequest } from "./reserve-request.ts";
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
  /** Each client's prepared request, as written at the barrier. */
  clients: { userId: string; request: Buffer }[];
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
    const clients = userIds.map((userId, i) => ({
      userId,
      request: reservationRequest(url, {
        token: userTokens[i] as string,
        eventId,
        quantity,
        ...(forwardedFor ? { forwardedFor: clientAddress(i) } : {}),
      }),
    }));
    const { outcomes, connectMs, wallMs } = await runBarrier(url, clients, {
      connectConcurrency: options.connectConcurrency,
      requestTimeoutMs: options.requestTimeoutMs,
      log,
    });
    return {
      eventId,
      userIds,
      userTokens,
      clients,
      adminToken,
      outcomes,
      connectMs,
      summary: summarizeOutcomes(outcomes, { users: options.users, seats: options.seats, wallMs }),
    };
  } finally {
    await api.close();
  }
}
