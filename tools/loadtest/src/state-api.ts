import type { ApiClient } from "./api-client.ts";
import { clientAddress } from "./client-address.ts";
import { mapLimit, sleep } from "./concurrency.ts";
import { UnexpectedResponseError } from "./errors.ts";
import type { FinalState } from "./invariants.ts";

/**
 * Reads the final state through the API itself: the event, then every client's own listing. Used for the embedded
 * app, whose in-process database no other process can open; the report says so because an API bug could hide here.
 */
export async function readStateViaApi(
  api: ApiClient,
  eventId: string,
  users: readonly { userId: string; token: string }[],
  options: {
    /** Wait before reading, longer than the API's event micro-cache (EVENT_RESPONSE_TTL_MS, 500 ms by default). */
    settleMs?: number;
    /** Each client reads from its own address in X-Forwarded-For, as it sent its reservation. @default true */
    forwardedFor?: boolean;
  } = {},
): Promise<FinalState> {
  await sleep(options.settleMs ?? 1000);
  const from = (index: number) => (options.forwardedFor === false ? undefined : clientAddress(index));
  const event = await withRetry(() => api.getEvent(eventId, from(users.length)));
  // Each client reads its own listing with its own token: the per-user rate limit allows that, and it exercises
  // the object-level authorization the real clients go through.
  const lists = await mapLimit(users, 32, ({ userId, token }, index) =>
    withRetry(() => api.listUserReservations(userId, token, from(index))),
  );
  const reservations = lists
    .flat()
    .filter((row) => String(row.eventId) === String(eventId))
    .map((row) => ({
      id: String(row.id),
      userId: String(row.userId),
      quantity: row.quantity,
      status: row.status,
    }));
  return {
    source: "api",
    event: { id: String(event.id), totalSeats: event.totalSeats, availableSeats: event.availableSeats },
    reservations,
  };
}

/** Retries a read that was rate limited (429) or hit a restarting instance (502/503), up to ~30 s. */
async function withRetry<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const retryable = error instanceof UnexpectedResponseError && [429, 502, 503].includes(error.status);
      if (!retryable || attempt >= 30) throw error;
      await sleep(1000);
    }
  }
}
