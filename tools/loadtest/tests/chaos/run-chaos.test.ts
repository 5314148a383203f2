import { resolve } from "node:path";
import { runChaos } from "../../src/chaos/run-chaos.ts";

const apiMain = resolve(__dirname, "../../../../apps/api/dist/main.js");

describe("runChaos", () => {
  test("keeps every invariant through Redis kill -9, KILL CONNECTION and an app SIGKILL, and prices each fault", async () => {
    const result = await runChaos({ apiMain, users: 400, seats: 300, durationS: 12 });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.state.source).toBe("mysql");
    expect(result.summary).toMatchObject({ succeeded: 300, soldOut: 100, duplicates: 0 });
    expect(result.faults.map((fault) => fault.name)).toEqual([
      "Redis kill -9, restart after 3 s",
      expect.stringMatching(/^KILL CONNECTION on the apps' database connections \(\d+\)$/),
      "SIGKILL app-b, restart after 2 s",
    ]);
    for (const fault of result.faults) expect(fault.attempts).toBeGreaterThan(0);
  }, 120_000);
});
