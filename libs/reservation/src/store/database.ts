import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import type { PoolConnection, ResultSetHeader } from "mysql2/promise";
import { DataSource, type EntitySchema, type QueryRunner } from "typeorm";
import { EventEntity, ReservationEntity } from "../schema/entities.js";
import { migrations } from "../schema/initial-migration.js";
import { Mutex } from "../mutex.js";
import { sleep } from "../sleep.js";
import { mysqlConnection, type DatabaseCredentialsProvider, type DatabaseTls } from "./connection-options.js";
import { classifyDbError, isLockConflict, isSeatGuardRefusal } from "./db-errors.js";
import type { StatementPool } from "./renewable-pool.js";

export type DatabaseConfig =
  | {
      type: "mysql";
      url: string;
      readerUrl?: string;
      poolSize?: number;
      /** Connect over TLS and verify the server's certificate against these CAs. @default no TLS */
      tls?: DatabaseTls;
      /** Log in with these instead of the URLs' user and password, fetched again when refused. @default the URLs' */
      credentials?: DatabaseCredentialsProvider;
    }
  | { type: "embedded"; file?: string };

/** The two statement shapes the store needs, over a pooled connection or inside one transaction. */
export interface Sql {
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a write and returns the number of affected rows. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

function over(runner: QueryRunner): Sql {
  return {
    rows: async (sql, params = []) => (await runner.query(sql, [...params], true)).records as never,
    exec: async (sql, params = []) => (await runner.query(sql, [...params], true)).affected ?? 0,
  };
}

/** TypeORM data sources (writer, optional reader) with the transaction discipline each dialect needs. */
export class Database {
  readonly dialect: "mysql" | "sqlite";
  private readonly writer: DataSource;
  private readonly reader: DataSource;
  // sql.js is one connection: transactions must not interleave, so every access takes this mutex.
  private readonly serial: Mutex | null;

  private constructor(
    dialect: "mysql" | "sqlite",
    writer: DataSource,
    reader: DataSource,
    // Connections that accept several statements per query (transactionInOneTrip), beside TypeORM's pool.
    private readonly multiStatement: StatementPool | null = null,
  ) {
    this.dialect = dialect;
    this.writer = writer;
    this.reader = reader;
    this.serial = dialect === "sqlite" ? new Mutex() : null;
  }

  static async open(config: DatabaseConfig): Promise<Database> {
    const common = {
      entities: [EventEntity, ReservationEntity] as EntitySchema[],
      migrations,
      migrationsTableName: "reservation_migrations",
      synchronize: false,
      logging: false,
    } as const;
    if (config.type === "embedded") {
      const source = new DataSource({
        ...common,
        type: "sqljs",
        ...(config.file
          ? {
              location: config.file,
              autoSave: true,
              autoSaveCallback: (data: Uint8Array) => writeDurably(config.file!, data),
            }
          : {}),
      });
      await source.initialize();
      await source.query("PRAGMA foreign_keys = ON");
      await source.runMigrations({ transaction: "all" });
      return new Database("sqlite", source, source);
    }
    const connection = mysqlConnection(config);
    const mysql = (url: string, poolSize?: number) =>
      new DataSource({
        ...common,
        ...connection.dataSource,
        type: "mysql",
        url,
        dateStrings: true,
        timezone: "Z",
        charset: "utf8mb4_bin",
        poolSize: poolSize ?? 10,
        extra: { enableKeepAlive: true, connectTimeout: 5_000 },
      });
    const writer = mysql(config.url, config.poolSize);
    await writer.initialize();
    // Connections of our own beside TypeORM's pool: multi-statement ones for transactionInOneTrip, also used to hold
    // the migration lock (which on TypeORM's pool would leave a pool of one connection none to migrate with).
    const multiStatement = connection.statementPool({
      uri: config.url,
      multipleStatements: true,
      charset: "utf8mb4_bin",
      timezone: "Z",
      connectionLimit: config.poolSize ?? 10,
      enableKeepAlive: true,
      connectTimeout: 5_000,
    });
    let reader: DataSource | undefined;
    try {
      await migrateAlone(writer, multiStatement);
      if (config.readerUrl) {
        reader = mysql(config.readerUrl, config.poolSize);
        await reader.initialize();
      }
      await assertSeatGuard(multiStatement);
      return new Database("mysql", writer, reader ?? writer, multiStatement);
    } catch (error) {
      await Promise.allSettled([
        writer.destroy(),
        reader?.isInitialized && reader.destroy(),
        multiStatement.end(),
      ]);
      throw error;
    }
  }

  /** Statements on the writer, outside a transaction. */
  async write<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.withSerial(() => this.withRunner(this.writer, "master", fn));
  }

  /** Staleness-tolerant reads: the reader endpoint when configured. */
  async read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.withSerial(() =>
      this.withRunner(this.reader, this.reader === this.writer ? "master" : "slave", fn),
    );
  }

  private async withRunner<T>(
    source: DataSource,
    mode: "master" | "slave",
    fn: (sql: Sql) => Promise<T>,
  ): Promise<T> {
    const runner = source.createQueryRunner(mode);
    try {
      return await fn(over(runner));
    } finally {
      await runner.release().catch(() => {});
    }
  }

  /**
   * One transaction on one connection; resolves only after COMMIT returned. A deadlock or lock-wait timeout
   * rolls everything back, so the whole function is run again (up to 3 times).
   */
  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return retryLockConflicts(() => this.withSerial(() => this.transactionOnce(fn)));
  }

  private async transactionOnce<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.writer.createQueryRunner("master");
    try {
      await runner.connect();
      await runner.startTransaction();
      try {
        const result = await fn(over(runner));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
        throw error;
      }
    } finally {
      await runner.release().catch(() => {});
    }
  }

  /**
   * Runs the statements as one transaction and returns the rows each affected. On MySQL they travel in ONE round
   * trip (START TRANSACTION; …; COMMIT as a multi-statement query), so a row lock they take is held only while the
   * server works, never across the network and this process's event loop. A failing statement stops the rest and
   * the transaction is rolled back; deadlock victims run again as in {@link transaction}. The statements must not
   * need each other's results: a guard has to fail with an error (a CHECK constraint), not by matching no rows.
   */
  async transactionInOneTrip(statements: readonly Statement[]): Promise<number[]> {
    const pool = this.multiStatement;
    if (!pool) {
      return this.transaction(async (sql) => {
        const affected: number[] = [];
        for (const { sql: text, params } of statements) affected.push(await sql.exec(text, params));
        return affected;
      });
    }
    return retryLockConflicts(() => inOneTrip(pool, statements));
  }

  async ping(): Promise<boolean> {
    try {
      await this.write((sql) => sql.rows("SELECT 1 AS ok"));
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.reader !== this.writer && this.reader.isInitialized) await this.reader.destroy();
    if (this.writer.isInitialized) await this.writer.destroy();
    await this.multiStatement?.end();
  }

  private withSerial<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial ? this.serial.run(fn) : fn();
  }
}

/** A deadlock victim or lock-wait timeout rolled everything back, so the whole transaction runs again (3 retries). */
async function retryLockConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 3 || !isLockConflict(error)) throw error;
      await sleep(5 * 2 ** attempt);
    }
  }
}

async function inOneTrip(pool: StatementPool, statements: readonly Statement[]): Promise<number[]> {
  const connection = await pool.getConnection();
  let reusable = true;
  try {
    const [results] = await connection.query(
      ["START TRANSACTION", ...statements.map((s) => s.sql), "COMMIT"].join(";\n"),
      statements.flatMap((s) => s.params),
    );
    return (results as ResultSetHeader[]).slice(1, -1).map((r) => r.affectedRows);
  } catch (error) {
    // The statements after the failing one did not run; what ran before it is rolled back here. A connection that
    // failed (or cannot roll back) is closed instead: the server rolls back what it had open.
    reusable = classifyDbError(error) !== "connection" && (await rollback(connection));
    throw error;
  } finally {
    if (reusable) connection.release();
    else connection.destroy();
  }
}

async function rollback(connection: PoolConnection): Promise<boolean> {
  try {
    await connection.query("ROLLBACK");
    return true;
  } catch {
    return false;
  }
}

/**
 * The one-trip batch write (writeBatch) relies on CHECK (available_seats >= 0) to refuse a batch that needs more
 * seats than are left. MySQL before 8.0.16 parses CHECK and ignores it, and MariaDB can switch checks off
 * (check_constraint_checks): there the engine refuses to start rather than oversell. Probed with a row that breaks
 * the constraint, in a transaction that is rolled back.
 */
async function assertSeatGuard(pool: StatementPool): Promise<void> {
  const connection = await pool.getConnection();
  let outcome: unknown = null;
  try {
    await connection.query("START TRANSACTION");
    await connection.query(
      "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('seat-guard-probe', 'probe', 1, -1, '2000-01-01', '2000-01-01')",
    );
  } catch (error) {
    outcome = error;
  } finally {
    await connection.query("ROLLBACK").catch(() => {});
    connection.release();
  }
  if (outcome === null) {
    throw new Error(
      "the database does not enforce CHECK (available_seats >= 0) on events; the engine needs MySQL 8.0.16+ or MariaDB 10.6+ with check_constraint_checks on",
    );
  }
  // Refused by the constraint, as it must be; anything else (a lost connection, say) is the error to report.
  if (!isSeatGuardRefusal(outcome)) throw outcome;
}

// Server-wide lock name (GET_LOCK names are not per database, and at most 64 characters).
const MIGRATION_LOCK = "CONCAT('ticketing_migrations_', SHA1(DATABASE()))";
const MIGRATION_LOCK_WAIT_S = 60;

/**
 * Runs the migrations while holding a named lock on a connection of its own, so that instances starting together
 * on a fresh database (an Auto Scaling group's first launch) do not race to create the same tables: the first
 * migrates, the others wait and then find nothing left to do. MySQL DDL is not transactional, so a transaction
 * cannot do this.
 */
async function migrateAlone(source: DataSource, pool: StatementPool): Promise<void> {
  const lock = await pool.getConnection();
  try {
    const [[{ locked }]] = (await lock.query(`SELECT GET_LOCK(${MIGRATION_LOCK}, ?) AS locked`, [
      MIGRATION_LOCK_WAIT_S,
    ])) as unknown as [[{ locked: number | string | null }]];
    if (Number(locked) !== 1)
      throw new Error(`another instance held the migration lock for more than ${MIGRATION_LOCK_WAIT_S} s`);
    try {
      await source.runMigrations({ transaction: "each" });
    } finally {
      await lock.query(`DO RELEASE_LOCK(${MIGRATION_LOCK})`).catch(() => {});
    }
  } finally {
    lock.release();
  }
}

/**
 * The embedded database file after a commit: written to a temporary file, fsynced, renamed over the old one, so a
 * crash leaves either the previous or the new state, never a torn file, and a resolved commit is on disk.
 */
async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const directory = await open(dirname(file), "r");
  try {
    await directory.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  } finally {
    await directory.close();
  }
}
