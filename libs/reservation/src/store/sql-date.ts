/** Dates travel as "YYYY-MM-DD HH:MM:SS.mmm" in UTC, the same text in MySQL DATETIME(3) and SQLite TEXT. */
export function toSqlDate(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

export function fromSqlDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(`${value.replace(" ", "T")}Z`);
}
