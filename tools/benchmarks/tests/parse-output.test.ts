import { flatten, parseBenchOutput } from "../src/parse-output.ts";

const sample = [
  "",
  "> nx run lock:bench",
  "",
  "> @ticketing/lock@0.1.0 bench",
  "> node bench/lock.bench.ts",
  "",
  "machine: 2 cores",
  "| scenario | ops/s | vs redlock |",
  "| --- | --- | --- |",
  "| (b) | 80,000 | 3.1x |",
  '{"bench":"lock","mutex_ok":true,"ratios":{"b_vs_redlock":3.1}}',
  "",
  " NX   Successfully ran target bench for project lock",
  "",
  "  Run duration:      1m 34s",
  "  Cache:             Skipped (--skip-nx-cache)",
  "    - Speed up or split the longest tasks on the critical path:",
  "        lock:bench    29.9s",
  "",
].join("\n");

describe("parseBenchOutput", () => {
  test("takes the last JSON line with a bench field as the result", () => {
    const parsed = parseBenchOutput(sample);
    expect(parsed.json).toEqual({ bench: "lock", mutex_ok: true, ratios: { b_vs_redlock: 3.1 } });
    expect(parsed.jsonLine).toBe('{"bench":"lock","mutex_ok":true,"ratios":{"b_vs_redlock":3.1}}');
  });

  test("keeps the bench's tables and drops Nx's decoration and the JSON line", () => {
    expect(parseBenchOutput(sample).body).toBe(
      [
        "machine: 2 cores",
        "| scenario | ops/s | vs redlock |",
        "| --- | --- | --- |",
        "| (b) | 80,000 | 3.1x |",
      ].join("\n"),
    );
  });

  test("ignores JSON lines without a bench field and colour codes", () => {
    const parsed = parseBenchOutput('\x1b[32m{"bench":"api","reserve_per_s":3100}\x1b[0m\n{"progress":1}\n');
    expect(parsed.json).toEqual({ bench: "api", reserve_per_s: 3100 });
  });

  test("reports no result when no line parses", () => {
    expect(parseBenchOutput("crashed\n{not json").json).toBeUndefined();
  });
});

describe("flatten", () => {
  test("turns nested fields into dotted paths", () => {
    expect(flatten({ a: 1, b: { c: 2, d: { e: true } } })).toEqual([
      ["a", 1],
      ["b.c", 2],
      ["b.d.e", true],
    ]);
  });
});
