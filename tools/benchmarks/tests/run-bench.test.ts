import { runBench } from "../src/run-bench.ts";

const node = (code: string) => [process.execPath, "-e", code];
const base = { cwd: process.cwd(), env: process.env, built: true, timeoutMs: 20_000 };

describe("runBench", () => {
  test("keeps the output and the JSON result line of a bench that passes", async () => {
    const run = await runBench("demo", {
      ...base,
      argv: node(
        `console.log("| a | b |"); console.log(JSON.stringify({ bench: "demo", ratios: { x: 2 } }))`,
      ),
    });
    expect(run).toMatchObject({ project: "demo", exitCode: 0, failure: undefined, body: "| a | b |" });
    expect(run.json).toEqual({ bench: "demo", ratios: { x: 2 } });
    expect(run.command).toBe("npx nx run demo:bench");
  });

  test("fails a bench that exits non-zero, keeping the end of its error output", async () => {
    const run = await runBench("demo", {
      ...base,
      argv: node(`console.error("boom: no Redis"); process.exit(3)`),
    });
    expect(run.failure).toBe("exited with code 3");
    expect(run.stderrTail).toContain("boom: no Redis");
  });

  test("fails a bench that prints no result line", async () => {
    const run = await runBench("demo", { ...base, argv: node(`console.log("done")`) });
    expect(run.failure).toBe("printed no JSON result line");
  });

  test("kills a bench that outlives the timeout and reports it as timed out", async () => {
    const run = await runBench("demo", {
      ...base,
      timeoutMs: 500,
      argv: node(`setInterval(() => {}, 1000)`),
    });
    expect(run.failure).toBe("timed out after 0.5 s");
  });
});
