import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PER_INSTANCE_RPS, throughputFromBenchmarks } from "../src/throughput.ts";

describe("throughputFromBenchmarks", () => {
  const dir = mkdtempSync(join(tmpdir(), "capacity-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("takes reserve_per_s from the api bench's JSON line", () => {
    const file = join(dir, "BENCHMARKS.md");
    writeFileSync(
      file,
      '# Benchmarks\n```\n{"bench":"lock","mutex_ok":true}\n{"bench":"api","reserve_per_s":3210.4,"reserve_p99_ms":41.5}\n```\n',
    );
    expect(throughputFromBenchmarks(file)).toMatchObject({ perInstanceRps: 3210 });
  });

  test("falls back to the documented default when there is no result", () => {
    expect(throughputFromBenchmarks(join(dir, "missing.md"))).toMatchObject({
      perInstanceRps: DEFAULT_PER_INSTANCE_RPS,
    });
  });
});
