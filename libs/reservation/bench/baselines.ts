import { randomUUID } from "node:crypto";
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";

export type Outcome = "ok" | "sold_out" | "failed";

/** Shared by both baselines: one INSERT of a confirmed reservation, same table and indexes as the engine's. */
async function insertReservation(connection: PoolConnection, eventId: string, userId: string): Promise<void> {
  await connection.query(
    "INSERT INTO reservations (id, event_id, user_id, quantity, status, created_at) VALUES (?, ?, ?, 1, 'CONFIRMED', UTC_TIMESTAMP(3))",
    [randomUUID(), eventId, userId],
  );
}

/** Baseline 1: one transaction per reservation, conditional UPDATE (the guard) then INSERT. */
export async function perRequestTransaction(pool: Pool, eventId: string, userId: string): Promise<Outcome> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const [update] = await connection.query<ResultSetHeader>(
      "UPDATE events SET available_seats = available_seats - 1 WHERE id = ? AND available_seats >= 1",
      [eventId],
    );
    if (update.affectedRows !== 1) {
      await connection.rollback();
      return "sold_out";
    }
    await insertReservation(connection, eventId, userId);
    await connection.commit();
    return "ok";
  } catch {
    await connection.rollback().catch(() => {});
    return "failed";
  } finally {
    connection.release();
  }
}

export interface LockClient {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * Baseline 2, the original design: SETNX a per-event lock and refuse the caller when it is busy ("another user is
 * booking"), else read the event, check, decrement, insert, release the lock, commit (the lock is released before
 * the commit, as @Transactional did).
 */
export async function originalDesign(
  pool: Pool,
  redis: LockClient,
  lockKey: string,
  eventId: string,
  userId: string,
): Promise<Outcome> {
  const acquired = await redis.set(lockKey, "locked", { NX: true, PX: 10_000 });
  if (acquired !== "OK") return "sold_out";
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT available_seats FROM events WHERE id = ?",
      [eventId],
    );
    if (Number(rows[0]?.available_seats ?? 0) < 1) {
      await connection.rollback();
      return "sold_out";
    }
    await connection.query("UPDATE events SET available_seats = available_seats - 1 WHERE id = ?", [eventId]);
    await insertReservation(connection, eventId, userId);
    await redis.del(lockKey);
    await connection.commit();
    return "ok";
  } catch {
    await connection.rollback().catch(() => {});
    await redis.del(lockKey).catch(() => {});
    return "failed";
  } finally {
    connection.release();
  }
}
