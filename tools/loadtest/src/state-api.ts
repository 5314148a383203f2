import type { ApiClient } from "./api-client.ts";
import { mapLimit } from "./concurrency.ts";
import type { FinalState } from "./invariants.ts";

/**
 * Reads the final state through the API itself: the event, then every client's own listing. Used for the embedded
 * app, whose in-process database no other process can open; the report says so because an API bug could hide here.
 */
export async function readStateViaApi(
  api: ApiClient,
  adminToken: string,
  eventId: string,
  userIds: readonly string[],
): Promise<FinalState> {
  const event = await api.getEvent(eventId);
  const lists = await mapLimit(userIds, 32, (userId) => api.listUserReservations(userId, adminToken));
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
