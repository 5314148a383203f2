import type { StatementPool } from "./renewable-pool.js";
import type { DataSource } from "typeorm";
import { MigrationLockError } from "../errors.js";

// Server-wide lock name (GET_LOCK names are not per database, and at most 64 characters).
const MIGRATION_LOCK = "CONCAT('ticketing_migrations_', SHA1(DATABASE()))";
const MIGRATION_LOCK_WAIT_S = 60;

/**
 * Runs the migrations while holding a named lock on a connection of its own, so that instances starting together
 * on a fresh database (an Auto Scaling group's first launch) do not race to create the same tables: the first
 * migrates, the others wait and then find nothing left to do. MySQL DDL is not transactional, so a transaction
 * cannot do this. The lock is held outside TypeORM's pool, which may have a single connection to migrate with.
 */
export async function migrateAlone(
  source: DataSource,
  pool: StatementPool,
  waitSeconds = MIGRATION_LOCK_WAIT_S,
): Promise<void> {
  const lock = await pool.getConnection();
  try {
    const [[{ name, locked }]] = (await lock.query(
      `SELECT ${MIGRATION_LOCK} AS name, GET_LOCK(${MIGRATION_LOCK}, ?) AS locked`,
      [waitSeconds],
    )) as unknown as [[{ name: string; locked: number | string | null }]];
    if (Number(locked) !== 1) throw new MigrationLockError(name, waitSeconds);
    try {
      await source.runMigrations({ transaction: "each" });
    } finally {
      await lock.query(`DO RELEASE_LOCK(${MIGRATION_LOCK})`).catch(() => {});
    }
  } finally {
    lock.release();
  }
}
