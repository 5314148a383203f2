/**
 * The tables, described once as data and rendered for each dialect: MySQL/MariaDB (InnoDB, utf8mb4) and SQLite (the
 * sql.js driver). TypeORM's own schema builder is not used because it drops CHECK constraints on MySQL, and the
 * seat guard is one.
 */
export interface Column {
  name: string;
  type: "varchar" | "int" | "bigint" | "datetime";
  /** Characters, for varchar. */
  length?: number;
  nullable?: boolean;
  default?: number;
  /**
   * Compared byte for byte, trailing spaces included (a NO PAD binary collation on MySQL; SQLite's default BINARY
   * collation already is). For identities: "carol " must not match "carol".
   */
  exact?: boolean;
}

export interface Table {
  name: string;
  columns: readonly Column[];
  primaryKey: readonly string[];
  indexes: readonly { name: string; columns: readonly string[]; unique?: boolean }[];
  foreignKeys: readonly {
    name: string;
    columns: readonly string[];
    references: { table: string; columns: readonly string[] };
  }[];
  checks: readonly { name: string; expression: string }[];
}

export type Dialect = "mysql" | "sqlite";

/** What rendering for MySQL needs to know about the server: the name of its NO PAD binary utf8mb4 collation. */
export interface MysqlServer {
  exactCollation: string;
}

export function column(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`table ${table.name} has no column ${name}`);
  return found;
}

const list = (names: readonly string[]) => names.join(", ");

/** `server` is needed only for exact columns. */
function mysqlColumn(c: Column, server?: MysqlServer): string {
  if (c.exact && !server)
    throw new Error(`column ${c.name} is exact: rendering it needs the server's collation`);
  const type =
    c.type === "varchar"
      ? `VARCHAR(${c.length})${c.exact ? ` CHARACTER SET utf8mb4 COLLATE ${server!.exactCollation}` : ""}`
      : c.type === "int"
        ? "INT"
        : c.type === "bigint"
          ? "BIGINT"
          : "DATETIME(3)";
  const fallback = c.default === undefined ? "" : ` DEFAULT ${c.default}`;
  return `${c.name} ${type} ${c.nullable ? "NULL" : "NOT NULL"}${fallback}`;
}

/** A column's definition in the dialect, as CREATE TABLE, ALTER TABLE … ADD COLUMN or MODIFY COLUMN take it. */
export function columnSql(c: Column, dialect: Dialect, server?: MysqlServer): string {
  return dialect === "mysql" ? mysqlColumn(c, server) : sqliteColumn(c);
}

function sqliteColumn(c: Column): string {
  const type = c.type === "varchar" ? `VARCHAR(${c.length})` : c.type === "datetime" ? "TEXT" : "INTEGER";
  const fallback = c.default === undefined ? "" : ` DEFAULT ${c.default}`;
  return `${c.name} ${type} ${c.nullable ? "NULL" : "NOT NULL"}${fallback}`;
}

/** CREATE INDEX for an index added to an existing table (both dialects take the same statement). */
export function createIndex(
  table: string,
  index: { name: string; columns: readonly string[]; unique?: boolean },
): string {
  return `CREATE ${index.unique ? "UNIQUE INDEX" : "INDEX"} ${index.name} ON ${table} (${list(index.columns)})`;
}

/** The statements that create the table with its keys, indexes and constraints. */
export function createTable(table: Table, dialect: Dialect, server?: MysqlServer): string[] {
  const primary = `PRIMARY KEY (${list(table.primaryKey)})`;
  const constraints = [
    ...table.foreignKeys.map(
      (fk) =>
        `CONSTRAINT ${fk.name} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${fk.references.table} (${list(fk.references.columns)})`,
    ),
    ...table.checks.map((check) => `CONSTRAINT ${check.name} CHECK (${check.expression})`),
  ];
  if (dialect === "mysql") {
    const indexes = table.indexes.map(
      (i) => `${i.unique ? "UNIQUE KEY" : "KEY"} ${i.name} (${list(i.columns)})`,
    );
    const lines = [
      ...table.columns.map((c) => columnSql(c, "mysql", server)),
      primary,
      ...indexes,
      ...constraints,
    ];
    return [
      `CREATE TABLE ${table.name} (\n  ${lines.join(",\n  ")}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    ];
  }
  const lines = [...table.columns.map((c) => columnSql(c, "sqlite")), primary, ...constraints];
  return [
    `CREATE TABLE ${table.name} (\n  ${lines.join(",\n  ")}\n)`,
    ...table.indexes.map((i) => createIndex(table.name, i)),
  ];
}
