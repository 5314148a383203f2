import {
  createPool,
  type Pool as CallbackPool,
  type PoolConnection as CallbackConnection,
  type PoolOptions,
} from "mysql2";
import type { PoolConnection } from "mysql2/promise";
import type { DatabaseCredentials, DatabaseCredentialsProvider } from "./connection-options.js";

/** The two calls the store makes on its own pool (TypeORM's pools go through `getConnection(callback)`). */
export interface StatementPool {
  getConnection(): Promise<PoolConnection>;
  end(): Promise<void>;
}

interface Generation {
  readonly pool: CallbackPool;
  readonly credentials: DatabaseCredentials;
}

type ConnectionCallback = (error: NodeJS.ErrnoException | null, connection?: CallbackConnection) => void;

// Only a refused login means the password may have changed; anything else (network, TLS) is not ours to fix.
const isRefusedLogin = (error: NodeJS.ErrnoException | null): boolean =>
  error?.code === "ER_ACCESS_DENIED_ERROR";

/**
 * A mysql2 pool whose user and password come from a provider. When the server refuses a new connection's login,
 * the provider is asked again (at most once per `minRenewIntervalMs`); new credentials open a new pool for every
 * later connection, and the previous pool is closed `retireAfterMs` later (time for what runs on it to finish).
 * Connections already open keep working meanwhile: MySQL does not end sessions when a password changes.
 */
export class RenewablePool {
  private generation: Promise<Generation>;
  private renewing: Promise<Generation> | undefined;
  private lastRenewal = 0;
  private readonly retired = new Map<CallbackPool, NodeJS.Timeout>();
  private closed = false;
  private readonly options: PoolOptions;
  private readonly credentials: DatabaseCredentialsProvider;
  private readonly minRenewIntervalMs: number;
  private readonly retireAfterMs: number;

  constructor(options: {
    pool: PoolOptions;
    credentials: DatabaseCredentialsProvider;
    /** @default 1000 */
    minRenewIntervalMs?: number;
    /** @default 30000 */
    retireAfterMs?: number;
  }) {
    this.options = options.pool;
    this.credentials = options.credentials;
    this.minRenewIntervalMs = options.minRenewIntervalMs ?? 1000;
    this.retireAfterMs = options.retireAfterMs ?? 30_000;
    this.generation = this.open();
    // A failed first fetch is reported by the first getConnection; it must not be an unhandled rejection.
    this.generation.catch(() => {});
  }

  /** mysql2's callback form, which TypeORM calls through its `driver` option. */
  getConnection(callback: ConnectionCallback): void {
    const attempt = (generation: Generation, renewed: boolean) =>
      generation.pool.getConnection((error, connection) => {
        if (!isRefusedLogin(error) || renewed || this.closed) return callback(error, connection);
        this.renew(generation).then(
          (next) => (next === generation ? callback(error, connection) : attempt(next, true)),
          () => callback(error, connection),
        );
      });
    this.generation.then(
      (generation) => attempt(generation, false),
      (error: NodeJS.ErrnoException) => callback(error),
    );
  }

  end(callback?: (error?: unknown) => void): void {
    this.closed = true;
    const retired = [...this.retired.keys()];
    for (const timer of this.retired.values()) clearTimeout(timer);
    this.retired.clear();
    const pools = this.generation.then(
      (generation) => [generation.pool, ...retired],
      () => retired,
    );
    pools
      .then((all) =>
        Promise.all(all.map((pool) => new Promise<void>((resolve) => pool.end(() => resolve())))),
      )
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  /** The promise form the store's own multi-statement pool uses. */
  promise(): StatementPool {
    return {
      getConnection: () =>
        new Promise<PoolConnection>((resolve, reject) =>
          this.getConnection((error, connection) =>
            error || !connection ? reject(error) : resolve(connection.promise()),
          ),
        ),
      end: () =>
        new Promise<void>((resolve, reject) => this.end((error) => (error ? reject(error) : resolve()))),
    };
  }

  private async open(): Promise<Generation> {
    const credentials = await this.credentials();
    return {
      credentials,
      pool: createPool({ ...this.options, user: credentials.user, password: credentials.password }),
    };
  }

  /** Asks the provider again after `failed` was refused; resolves to `failed` itself when nothing changed. */
  private renew(failed: Generation): Promise<Generation> {
    if (this.renewing) return this.renewing;
    const renewal = (async () => {
      const current = await this.generation;
      if (current !== failed) return current;
      const wait = this.lastRenewal + this.minRenewIntervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastRenewal = Date.now();
      const credentials = await this.credentials();
      const same =
        credentials.user === failed.credentials.user && credentials.password === failed.credentials.password;
      if (same || this.closed) return failed;
      const next: Generation = {
        credentials,
        pool: createPool({ ...this.options, user: credentials.user, password: credentials.password }),
      };
      this.generation = Promise.resolve(next);
      this.retire(failed.pool);
      return next;
    })();
    this.renewing = renewal.finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private retire(pool: CallbackPool): void {
    const timer = setTimeout(() => {
      this.retired.delete(pool);
      pool.end(() => {});
    }, this.retireAfterMs);
    timer.unref();
    this.retired.set(pool, timer);
  }
}
