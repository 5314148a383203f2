import type { SqljsDatabaseConfig } from "./store/database-config.js";

export type { SqljsDatabaseConfig } from "./store/database-config.js";

/**
 * The embedded database: SQLite compiled to WebAssembly (sql.js) in this process, in memory or persisted to `file`
 * after every commit (written to a temporary file, fsynced, renamed). One process only. sql.js is an optional peer
 * dependency: `npm install sql.js`; without it `ReservationEngine.create` rejects with E_DRIVER_MISSING.
 *
 * @example
 * const engine = await ReservationEngine.create({ database: sqljs({ file: "tickets.sqlite" }) });
 */
export function sqljs(options: { file?: string } = {}): SqljsDatabaseConfig {
  return {
    type: "sqljs",
    ...(options.file === undefined ? {} : { file: options.file }),
    load: () => import("sql.js"),
  };
}
