import { createConnection } from "mysql2/promise";
import type { FinalState } from "./invariants.ts";
import { LoadTestError } from "./errors.ts";

/**
 * Reads the final state straight from the database @ticketing/reservation writes to (tables `events` and
 * `reservations`), bypassing the API and its caches, so a 201 that never reached the disk shows up as missing.
 */
export async function readStateFromMysql(databaseUrl: string, eventId: string): Promise<FinalState> {
  const connection = await createConnection({
    uri: databaseUrl,
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  try {
    const [events] = await connection.query(
      "SELECT id, total_seats, available_seats FROM events WHERE id = ?",
      [eventId],
    );
    const event = (events as { id: string; total_seats: number; available_seats: number }[])[0];
    if (!event)
      throw new LoadTestError(
        "E_EVENT_NOT_IN_DATABASE",
        `event ${eventId} is not in the database at ${redact(databaseUrl)}`,
      );
    const [rows] = await connection.query(
      "SELECT id, user_id, quantity, status FROM reservations WHERE event_id = ?",
      [eventId],
    );
    return {
      source: "mysql",
      event: {
        id: event.id,
        totalSeats: Number(event.total_seats),
        availableSeats: Number(event.available_seats),
      },
      reservations: (rows as { id: string; user_id: string; quantity: number; status: string }[]).map(
        (row) => ({
          id: row.id,
          userId: row.user_id,
          quantity: Number(row.quantity),
          status: row.status,
        }),
      ),
    };
  } finally {
    await connection.end();
  }
}

/** A database URL with its password hidden, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable url)";
  }
}
