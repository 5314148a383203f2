import type { Database } from "../../src/store/database.js";

/**
 * Event e1 with reservations of users and keys that differ only by a trailing space: "carol"; "frank" and "frank "
 * with the same key; "frank" with "checkout-1 ". Written with SQL, below the engine, which refuses such user ids.
 */
export async function seedPaddedIds(database: Database): Promise<void> {
  await database.write(async (sql) => {
    await sql.exec(
      "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('e1', 'e', 10, 5, '2031-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
    );
    const insert =
      "INSERT INTO reservations (id, event_id, user_id, quantity, status, created_at, cancelled_at, idempotency_key) VALUES (?, 'e1', ?, ?, 'CONFIRMED', '2026-06-01 00:00:00.000', NULL, ?)";
    await sql.exec(insert, ["r-carol", "carol", 1, null]);
    await sql.exec(insert, ["r-frank", "frank", 2, "checkout-1"]);
    // Refused by the unique (user_id, idempotency_key) index as long as "frank " and "frank" compared equal.
    await sql.exec(insert, ["r-frank-space", "frank ", 1, "checkout-1"]);
    await sql.exec(insert, ["r-key-space", "frank", 1, "checkout-1 "]);
  });
}
