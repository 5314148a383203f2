import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatResult, rehearse } from "../src/rehearse.ts";
import type { StackJson } from "../src/stack.ts";

const workspaceRoot = join(__dirname, "../../..");

// The short form of `npx nx run infra:rehearse`: the same checks on the stack `infra:synth` wrote, with an 8 s
// database outage instead of 60 s. It counts answers, never durations.
describe("rehearse", () => {
  test("one instance of the synthesized prod stack passes every check, from the boot script to SIGTERM", async () => {
    const stack = JSON.parse(
      readFileSync(join(workspaceRoot, "infra/cdktf.out/stacks/prod/cdk.tf.json"), "utf8"),
    ) as StackJson;
    const report = await rehearse({ stack, workspaceRoot, outageSeconds: 8, pollMs: 500 });
    const failed = report.results.filter((result) => !result.passed).map(formatResult);
    expect({ failed, app: failed.length > 0 ? report.appOutput : [] }).toEqual({ failed: [], app: [] });
    expect(report.results.map((result) => result.name)).toEqual([
      "the boot script configures the app",
      "the app starts and becomes ready",
      "a reservation round trip is durable",
      "liveness stays 200 while the database is stopped",
      "liveness stays 200 while Redis restarts",
      "the database password rotates without a restart",
      "SIGTERM drains in-flight requests and exits 0",
    ]);
  }, 240_000);
});
