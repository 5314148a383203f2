/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** A Markdown table of `measure | value` rows. */
export function printTable(rows: readonly { measure: string; value: string }[]): void {
  const width = Math.max("measure".length, ...rows.map((row) => row.measure.length));
  const valueWidth = Math.max("value".length, ...rows.map((row) => row.value.length));
  console.log(`| ${"measure".padEnd(width)} | ${"value".padEnd(valueWidth)} |`);
  console.log(`|${"-".repeat(width + 2)}|${"-".repeat(valueWidth + 2)}|`);
  for (const row of rows) console.log(`| ${row.measure.padEnd(width)} | ${row.value.padEnd(valueWidth)} |`);
}
