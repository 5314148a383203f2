import { DriverMissingError } from "../errors.js";
import { Database } from "./database.js";
import type { DatabaseConfig, MysqlDatabaseConfig, SqljsDatabaseConfig } from "./database-config.js";
import { mysqlDataSource, oneTripPool, sqljsDataSource } from "./data-sources.js";
import { classifyMysqlError, classifySqliteError } from "./db-errors.js";
import { migrateAlone } from "./migration-lock.js";
import { assertSeatGuard } from "./seat-guard-probe.js";

/**
 * Connects, runs the migrations and checks what the engine relies on. Throws the driver's error when the database
 * cannot be reached, and E_DATABASE_UNSUPPORTED, E_MIGRATION_LOCKED or E_DRIVER_MISSING for what retrying cannot fix.
 */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.type === "mysql" ? openMysql(config) : openSqljs(config);
}

async function openMysql(config: MysqlDatabaseConfig): Promise<Database> {
  const writer = mysqlDataSource(config.url, config);
  await writer.initialize();
  const oneTrip = oneTripPool(config);
  const reader = config.readerUrl ? mysqlDataSource(config.readerUrl, config) : undefined;
  try {
    await migrateAlone(writer, oneTrip);
    await reader?.initialize();
    await assertSeatGuard(oneTrip);
    return new Database({ dialect: "mysql", writer, reader, oneTrip, classify: classifyMysqlError });
  } catch (error) {
    await Promise.allSettled([writer.destroy(), reader?.isInitialized && reader.destroy(), oneTrip.end()]);
    throw error;
  }
}

async function openSqljs(config: SqljsDatabaseConfig): Promise<Database> {
  let driver: unknown;
  try {
    driver = (await config.load()).default;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
      throw new DriverMissingError("sql.js", error);
    throw error;
  }
  const source = sqljsDataSource(config, driver);
  await source.initialize();
  try {
    await source.query("PRAGMA foreign_keys = ON");
    await source.runMigrations({ transaction: "all" });
  } catch (error) {
    await source.destroy().catch(() => {});
    throw error;
  }
  return new Database({ dialect: "sqlite", writer: source, classify: classifySqliteError });
}
