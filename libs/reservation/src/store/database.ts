import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { DataSource, type EntitySchema, type QueryRunner } from "typeorm";
import { EventEntity, ReservationEntity } from "../schema/entities.js";
import { migrations } from "../schema/initial-migration.js";
import { Mutex } from "../mutex.js";
import { sleep } from "../sleep.js";
import { isLockConflict } from "./db-errors.js";

export type DatabaseConfig =
  { type: "mysql"; url: string; readerUrl?: string; poolSize?: number } | { type: "embedded"; file?: string };

/** The two statement shapes the store needs, over a pooled connection or inside one transaction. */
export interface Sql {
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a write and returns the number of affected rows. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
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

  private constructor(dialect: "mysql" | "sqlite", writer: DataSource, reader: DataSource) {
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
    const mysql = (url: string, poolSize?: number) =>
      new DataSource({
        ...common,
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
    try {
      await migrateAlone(writer);
      let reader = writer;
      if (config.readerUrl) {
        reader = mysql(config.readerUrl, config.poolSize);
        await reader.initialize();
      }
      return new Database("mysql", writer, reader);
    } catch (error) {
      await writer.destroy();
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
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.withSerial(() => this.transactionOnce(fn));
      } catch (error) {
        if (attempt >= 3 || !isLockConflict(error)) throw error;
        await sleep(5 * 2 ** attempt);
      }
    }
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
  }

  private withSerial<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial ? this.serial.run(fn) : fn();
  }
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
async function migrateAlone(source: DataSource): Promise<void> {
  const lock = source.createQueryRunner("master");
  try {
    const [{ locked }] = (await lock.query(`SELECT GET_LOCK(${MIGRATION_LOCK}, ?) AS locked`, [
      MIGRATION_LOCK_WAIT_S,
    ])) as [{ locked: number | string | null }];
    if (Number(locked) !== 1)
      throw new Error(`another instance held the migration lock for more than ${MIGRATION_LOCK_WAIT_S} s`);
    try {
      await source.runMigrations({ transaction: "each" });
    } finally {
      await lock.query(`DO RELEASE_LOCK(${MIGRATION_LOCK})`).catch(() => {});
    }
  } finally {
    await lock.release().catch(() => {});
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
