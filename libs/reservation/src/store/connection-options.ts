import { createPool, type PoolOptions, type SslOptions } from "mysql2/promise";
import { RenewablePool, type StatementPool } from "./renewable-pool.js";

/** TLS to the database, with the server's certificate verified. */
export interface DatabaseTls {
  /**
   * PEM certificates of the CAs the server's certificate must chain to, replacing Node's default list: for Aurora and
   * RDS, the RDS CA bundle of the region (https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem).
   */
  readonly ca: string | Buffer;
  /** Also check that the certificate is issued for the host name connected to. @default true */
  readonly verifyIdentity?: boolean;
}

/** A database user and its password. */
export interface DatabaseCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * Returns the credentials to log in with, e.g. read from AWS Secrets Manager. Called before the first connection
 * and again, at most once a second, whenever the server refuses a new connection's login (ER_ACCESS_DENIED_ERROR),
 * as it does once the password was rotated: connections opened after that use what it returns then. A rejection is
 * reported as the refused login's error.
 */
export type DatabaseCredentialsProvider = () => Promise<DatabaseCredentials>;

/** How the store's pools connect, from the TLS and credentials settings of its configuration. */
export interface MysqlConnection {
  /** Options for a TypeORM `mysql` DataSource: `ssl`, and with a credentials provider the `driver` that renews them. */
  readonly dataSource: { readonly ssl?: SslOptions; readonly driver?: unknown };
  /** The store's own promise pool (multi-statement transactions, the migration lock). */
  statementPool(options: PoolOptions): StatementPool;
}

export function mysqlConnection(config: {
  tls?: DatabaseTls;
  credentials?: DatabaseCredentialsProvider;
}): MysqlConnection {
  const ssl: SslOptions | undefined = config.tls && {
    ca: config.tls.ca,
    rejectUnauthorized: true,
    verifyIdentity: config.tls.verifyIdentity ?? true,
  };
  const credentials = config.credentials;
  if (!credentials) {
    return {
      dataSource: ssl ? { ssl } : {},
      statementPool: (options) => createPool({ ...options, ...(ssl ? { ssl } : {}) }),
    };
  }
  const renewable = (options: PoolOptions) =>
    new RenewablePool({ pool: { ...options, ...(ssl ? { ssl } : {}) }, credentials });
  return {
    // TypeORM's documented `driver` option: it calls createPool, then getConnection and end on what it returns.
    dataSource: { ...(ssl ? { ssl } : {}), driver: { createPool: renewable } },
    statementPool: (options) => renewable(options).promise(),
  };
}
