import type { DatabaseCredentialsProvider, DatabaseTls } from "./connection-options.js";

/** MySQL 8, Aurora MySQL 3 or MariaDB 10.6+. */
export interface MysqlDatabaseConfig {
  type: "mysql";
  /** `mysql://user:password@host:port/database` of the writer. */
  url: string;
  /** A replica endpoint (Aurora's reader endpoint) that serves `listEvents` only. */
  readerUrl?: string;
  /** Connections per pool: TypeORM's, the batch writer's, and the reader's when `readerUrl` is set. @default 10 */
  poolSize?: number;
  /** Connect over TLS and verify the server's certificate against these CAs. @default no TLS */
  tls?: DatabaseTls;
  /** Log in with these instead of the URLs' user and password, fetched again when refused. @default the URLs' */
  credentials?: DatabaseCredentialsProvider;
}

/** What `import("sql.js")` resolves to. */
export interface SqljsModule {
  default: unknown;
}

/**
 * SQLite compiled to WebAssembly (sql.js), in this process: zero setup, one process only. Made by `sqljs()` from
 * `@ticketing/reservation/sqljs`, which is the only module that refers to the optional `sql.js` package.
 */
export interface SqljsDatabaseConfig {
  type: "sqljs";
  /** Persist to this file after every commit; in memory when omitted. */
  file?: string;
  /** Loads sql.js when the engine opens the database. */
  load: () => Promise<SqljsModule>;
}

export type DatabaseConfig = MysqlDatabaseConfig | SqljsDatabaseConfig;
