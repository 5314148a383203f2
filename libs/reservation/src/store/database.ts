import type { DataSource } from "typeorm";
import { Mutex } from "../mutex.js";
import type { DbFailure } from "./db-errors.js";
import { retryLockConflicts } from "./lock-conflicts.js";
import { inOneTrip } from "./one-trip.js";
import type { StatementPool } from "./renewable-pool.js";
import { overRunner, type Sql, type Statement, type StatementResult } from "./sql.js";

export interface DatabaseParts {
  dialect: "mysql" | "sqlite";
  writer: DataSource;
  /** Staleness-tolerant reads; the writer when absent. */
  reader?: DataSource;
  /** Multi-statement connections on the writer for transactionInOneTrip; without them it is a plain transaction. */
  oneTrip?: StatementPool;
  /** How the driver's failures read (see db-errors.ts). */
  classify: (error: unknown) => DbFailure;
}

/** An open database (see open-database.ts): the transaction discipline each dialect needs, over its data sources. */
export class Database {
  readonly dialect: "mysql" | "sqlite";
  private readonly writer: DataSource;
  private readonly reader: DataSource;
  private readonly oneTrip: StatementPool | undefined;
  private readonly classify: (error: unknown) => DbFailure;
  // sql.js is one connection: transactions must not interleave, so every access takes this mutex.
  private readonly serial: Mutex | null;

  constructor(parts: DatabaseParts) {
    this.dialect = parts.dialect;
    this.writer = parts.writer;
    this.reader = parts.reader ?? parts.writer;
    this.oneTrip = parts.oneTrip;
    this.classify = parts.classify;
    this.serial = parts.dialect === "sqlite" ? new Mutex() : null;
  }

  /** What a failed statement of this database means: duplicate, seat guard, lock conflict, lost connection… */
  failure(error: unknown): DbFailure {
    return this.classify(error);
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

  /**
   * One transaction on one connection; resolves only after COMMIT returned. A deadlock or lock-wait timeout
   * rolls everything back, so the whole function is run again (up to 3 times).
   */
  async transaction<T>(
    fn: (sql: Sql) => Promise<T>,
    options: { isolation?: "READ COMMITTED" } = {},
  ): Promise<T> {
    return retryLockConflicts(
      () => this.withSerial(() => this.transactionOnce(fn, options.isolation)),
      this.classify,
    );
  }

  /**
   * Runs the statements as one transaction and returns what each did (rows affected, or a query's rows). On MySQL they travel in ONE round
   * trip (START TRANSACTION; …; COMMIT as a multi-statement query), so a row lock they take is held only while the
   * server works, never across the network and this process's event loop. A failing statement stops the rest and
   * the transaction is rolled back; deadlock victims run again as in {@link transaction}. The statements must not
   * need each other's results: a guard has to fail with an error (a CHECK constraint), not by matching no rows.
   */
  async transactionInOneTrip(statements: readonly Statement[]): Promise<StatementResult[]> {
    const pool = this.oneTrip;
    if (!pool) {
      return this.transaction(async (sql) => {
        const results: StatementResult[] = [];
        for (const { sql: text, params, query } of statements) {
          results.push(
            query
              ? { affected: 0, rows: await sql.rows(text, params) }
              : { affected: await sql.exec(text, params), rows: [] },
          );
        }
        return results;
      });
    }
    return retryLockConflicts(() => inOneTrip(pool, statements), this.classify);
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
    await this.oneTrip?.end();
  }

  private async withRunner<T>(
    source: DataSource,
    mode: "master" | "slave",
    fn: (sql: Sql) => Promise<T>,
  ): Promise<T> {
    const runner = source.createQueryRunner(mode);
    try {
      return await fn(overRunner(runner));
    } finally {
      await runner.release().catch(() => {});
    }
  }

  private async transactionOnce<T>(fn: (sql: Sql) => Promise<T>, isolation?: "READ COMMITTED"): Promise<T> {
    const runner = this.writer.createQueryRunner("master");
    try {
      await runner.connect();
      // SQLite has one writer and no isolation levels to choose.
      await runner.startTransaction(this.dialect === "mysql" ? isolation : undefined);
      try {
        const result = await fn(overRunner(runner));
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

  private withSerial<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial ? this.serial.run(fn) : fn();
  }
}
