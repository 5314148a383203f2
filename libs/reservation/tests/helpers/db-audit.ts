import { createConnection } from "mysql2/promise";

export interface Audit {
  total: number;
  available: number;
  byStatus: Record<string, number>;
  /** Seats per status. */
  seats: Record<string, number>;
  /** Problems found: a reservation whose outbox rows do not tell its history, an outbox row without reservation. */
  problems: string[];
  outboxIds: string[];
}

interface Row {
  id: string;
  status: string;
  quantity: number;
  version: number;
  expires_at: Date | null;
}

/** What each status must have been written as, change by change, in the outbox. */
const HISTORIES: Record<string, string[][]> = {
  HELD: [["held"]],
  CONFIRMED: [["confirmed"], ["held", "confirmed"]],
  EXPIRED: [["held", "expired"]],
  CANCELLED: [
    ["confirmed", "cancelled"],
    ["held", "cancelled"],
    ["held", "confirmed", "cancelled"],
  ],
};

/**
 * Reads the event's reservations and the whole outbox below the engine and checks that they agree: each reservation
 * has exactly the outbox rows of its history, numbered 1…version, and no outbox row belongs to a reservation that does
 * not exist (a rolled-back write).
 */
export async function audit(url: string, eventId: string): Promise<Audit> {
  const connection = await createConnection(url);
  try {
    const [[event]] = (await connection.query(
      "SELECT total_seats, available_seats FROM events WHERE id = ?",
      [eventId],
    )) as unknown as [{ total_seats: number; available_seats: number }[]];
    const [rows] = (await connection.query(
      "SELECT id, status, quantity, version, expires_at FROM reservations WHERE event_id = ?",
      [eventId],
    )) as unknown as [Row[]];
    const [outbox] = (await connection.query(
      "SELECT CONCAT(o.reservation_id, ':', o.seq) AS id, o.reservation_id, o.seq, o.type, o.quantity FROM reservation_outbox o WHERE o.event_id = ? ORDER BY o.reservation_id, o.seq",
      [eventId],
    )) as unknown as [{ id: string; reservation_id: string; seq: number; type: string; quantity: number }[]];
    const byStatus: Record<string, number> = {};
    const seats: Record<string, number> = {};
    const problems: string[] = [];
    const changes = new Map<string, typeof outbox>();
    for (const o of outbox) changes.set(o.reservation_id, [...(changes.get(o.reservation_id) ?? []), o]);
    for (const row of rows) {
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      seats[row.status] = (seats[row.status] ?? 0) + row.quantity;
      const history = changes.get(row.id) ?? [];
      changes.delete(row.id);
      const types = history.map((o) => o.type);
      const numbered = history.every(
        (o, i) => o.seq === i + 1 && o.id === `${row.id}:${i + 1}` && o.quantity === row.quantity,
      );
      const allowed = (HISTORIES[row.status] ?? []).some((h) => h.join() === types.join());
      if (!numbered || !allowed || history.length !== row.version) {
        problems.push(`${row.id} ${row.status} v${row.version}: outbox ${types.join(",") || "none"}`);
      }
    }
    for (const [reservation, orphans] of changes)
      problems.push(`outbox rows of no reservation ${reservation}: ${orphans.length}`);
    return {
      total: event!.total_seats,
      available: event!.available_seats,
      byStatus,
      seats,
      problems,
      outboxIds: outbox.map((o) => o.id),
    };
  } finally {
    await connection.end();
  }
}
