import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instanceProfile, measurementsFrom } from "../src/measurements.ts";

describe("measurementsFrom", () => {
  const dir = mkdtempSync(join(tmpdir(), "capacity-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("takes the api bench's reservations and cached reads and the reservation bench's commits", () => {
    const file = join(dir, "BENCHMARKS.md");
    writeFileSync(
      file,
      [
        "# Benchmarks",
        '{"bench":"lock","mutex_ok":true}',
        '{"bench":"reservation","per_s":{"ours":35097,"original":385}}',
        '{"bench":"api","reserve_per_s":13298,"cached_get_rps":46170}',
      ].join("\n"),
    );
    expect(measurementsFrom(file)).toMatchObject({
      reservePerSecond: 13298,
      cachedGetPerSecond: 46170,
      writerPerSecond: 35097,
    });
  });

  test("falls back to the benches' targets, and says so, without a result", () => {
    const result = measurementsFrom(join(dir, "missing.md"));
    expect(result).toMatchObject({ reservePerSecond: 3000, writerPerSecond: 3000 });
    expect(result.source).toContain("no complete result");
  });
});

describe("instanceProfile", () => {
  test("writes down the factor it assumes for the prod instance type, and refuses a type it has none for", () => {
    expect(instanceProfile("c6i.large")).toMatchObject({ vcpus: 2, factor: 0.5 });
    expect(() => instanceProfile("x1e.32xlarge")).toThrow(
      expect.objectContaining({ code: "E_INVALID_SETTING" }),
    );
  });
});
