import type { QueryRunner } from "typeorm";

/** The two statement shapes the stores need, over a pooled connection or inside one transaction. */
export interface Sql {
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a write and returns the number of affected rows. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Statement {
  sql: string;
  params: readonly unknown[];
  /** A SELECT whose rows the caller wants back. */
  query?: boolean;
}

/** What one statement of a one-trip transaction did: rows affected, or the rows a query returned. */
export interface StatementResult {
  affected: number;
  rows: unknown[];
}

export function overRunner(runner: QueryRunner): Sql {
  return {
    rows: async (sql, params = []) => (await runner.query(sql, [...params], true)).records as never,
    exec: async (sql, params = []) => (await runner.query(sql, [...params], true)).affected ?? 0,
  };
}
