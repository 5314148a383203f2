import type { PoolOptions } from "mysql2/promise";
import { DataSource } from "typeorm";
import { migrations, MIGRATIONS_TABLE } from "../schema/migrations/index.js";
import { mysqlConnection } from "./connection-options.js";
import type { MysqlDatabaseConfig, SqljsDatabaseConfig } from "./database-config.js";
import { writeDurably } from "./durable-file.js";
import type { StatementPool } from "./renewable-pool.js";

// Every data source and pool the engine opens is made in this file.

const DEFAULT_POOL_SIZE = 10;

const common = {
  migrations,
  migrationsTableName: MIGRATIONS_TABLE,
  synchronize: false,
  logging: false,
} as const;

/** mysql2 options of every MySQL connection: TypeORM's pools (as `extra`) and the one-trip pool alike. */
function connectionOptions(): PoolOptions {
  return { charset: "utf8mb4_bin", timezone: "Z", enableKeepAlive: true, connectTimeout: 5_000 };
}

/** A TypeORM pool on the writer (`config.url`) or the reader (`config.readerUrl`). */
export function mysqlDataSource(url: string, config: MysqlDatabaseConfig): DataSource {
  return new DataSource({
    ...common,
    // TLS, and with a credentials provider the `driver` whose pools renew the login when it is refused.
    ...mysqlConnection(config).dataSource,
    type: "mysql",
    url,
    dateStrings: true,
    poolSize: config.poolSize ?? DEFAULT_POOL_SIZE,
    extra: connectionOptions(),
  });
}

/**
 * Connections of the engine's own beside TypeORM's pool, on the writer: multi-statement ones for one-trip
 * transactions, also used to hold the migration lock.
 */
export function oneTripPool(config: MysqlDatabaseConfig): StatementPool {
  return mysqlConnection(config).statementPool({
    ...connectionOptions(),
    uri: config.url,
    multipleStatements: true,
    connectionLimit: config.poolSize ?? DEFAULT_POOL_SIZE,
  });
}

/** sql.js in memory, or persisted to `config.file` after every commit. `driver` is the loaded sql.js module. */
export function sqljsDataSource(config: SqljsDatabaseConfig, driver: unknown): DataSource {
  const { file } = config;
  return new DataSource({
    ...common,
    type: "sqljs",
    driver,
    ...(file
      ? {
          location: file,
          autoSave: true,
          autoSaveCallback: (data: Uint8Array) => writeDurably(file, data),
        }
      : {}),
  });
}
