import { createConnection } from "mysql2/promise";
import type { SeatSample } from "./checks.ts";

/** Reads the event's seats as the database has them at one moment; null when the read failed (the run goes on). */
export type SeatSampler = { read(): Promise<SeatSample | null>; close(): Promise<void> };

/**
 * Straight from the database: one statement, so one consistent snapshot (InnoDB), of the event's available seats and
 * the seats of its held and confirmed reservations.
 */
export async function mysqlSeatSampler(databaseUrl: string, eventId: string): Promise<SeatSampler> {
  const connection = await createConnection({
    uri: databaseUrl,
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  return {
    async read() {
      try {
        const [rows] = await connection.query(
          `SELECT e.total_seats AS total, e.available_seats AS available,
              COALESCE(SUM(CASE WHEN r.status = 'HELD' THEN r.quantity END), 0) AS held,
              COALESCE(SUM(CASE WHEN r.status = 'CONFIRMED' THEN r.quantity END), 0) AS confirmed
           FROM events e LEFT JOIN reservations r ON r.event_id = e.id WHERE e.id = ? GROUP BY e.id`,
          [eventId],
        );
        const row = (rows as Record<string, unknown>[])[0];
        if (!row) return null;
        return {
          at: Date.now(),
          total: Number(row.total),
          available: Number(row.available),
          held: Number(row.held),
          confirmed: Number(row.confirmed),
        };
      } catch {
        return null;
      }
    },
    close: () => connection.end(),
  };
}

/** Through the API's operator view, whose seat counts are one consistent read of the database. */
export function apiSeatSampler(
  read: () => Promise<{ status: number; json: Record<string, unknown> | undefined }>,
): SeatSampler {
  return {
    async read() {
      const answer = await read();
      if (answer.status !== 200 || !answer.json) return null;
      const seats = answer.json.seats as Omit<SeatSample, "at">;
      return {
        at: Date.now(),
        total: seats.total,
        confirmed: seats.confirmed,
        held: seats.held,
        available: seats.available,
      };
    },
    close: async () => {},
  };
}
