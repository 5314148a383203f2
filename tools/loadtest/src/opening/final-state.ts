import { ApiClient } from "../api-client.ts";
import { clientAddress } from "../client-address.ts";
import { UnexpectedResponseError } from "../errors.ts";
import { readStateFromMysql } from "../state-mysql.ts";
import type { FinalOpeningState, SeatSample } from "./checks.ts";
import type { OpeningOptions } from "./options.ts";
import type { OpeningRun } from "./run-opening.ts";

const seatsOf = (rows: FinalOpeningState["reservations"], status: string) =>
  rows.filter((row) => row.status === status).reduce((sum, row) => sum + row.quantity, 0);

/**
 * The event's seats and reservations after the run: from the database when `--database-url` is given, else through
 * the API (the operator's view, and the reservations of every buyer who was admitted: no one else reserves).
 */
export async function readOpeningState(options: OpeningOptions, run: OpeningRun): Promise<FinalOpeningState> {
  if (options.databaseUrl) {
    const state = await readStateFromMysql(options.databaseUrl, run.eventId);
    const seats: SeatSample = {
      at: Date.now(),
      total: state.event.totalSeats,
      available: state.event.availableSeats,
      held: seatsOf(state.reservations, "HELD"),
      confirmed: seatsOf(state.reservations, "CONFIRMED"),
    };
    return { source: "mysql", seats, reservations: state.reservations };
  }
  const api = new ApiClient(options.url, { connections: 32 });
  try {
    const path = `/api/admin/events/${run.eventId}/live`;
    const live = await api.call("GET", path, { token: run.adminToken });
    if (live.status !== 200) throw new UnexpectedResponseError("GET", path, live.status, live.text);
    const seats = (live.json as { seats: Omit<SeatSample, "at"> }).seats;
    const admitted = run.buyers.filter((buyer) => buyer.admittedAt !== null);
    const reservations: FinalOpeningState["reservations"][number][] = [];
    for (let i = 0; i < admitted.length; i += 32) {
      const lists = await Promise.all(
        admitted
          .slice(i, i + 32)
          .map((buyer) =>
            api.listUserReservations(
              buyer.userId,
              run.tokens[buyer.index]!,
              options.forwardedFor ? clientAddress(buyer.index) : undefined,
            ),
          ),
      );
      for (const list of lists) reservations.push(...list.filter((row) => row.eventId === run.eventId));
    }
    return { source: "api", seats: { at: Date.now(), ...seats }, reservations };
  } finally {
    await api.close();
  }
}
