import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { RehearsalError } from "./errors.ts";
import { rehearse } from "./rehearse.ts";
import type { StackJson } from "./stack.ts";

const workspaceRoot = resolve(import.meta.dirname, "../../..");
const { values } = parseArgs({
  options: {
    stack: { type: "string", default: resolve(workspaceRoot, "infra/cdktf.out/stacks/prod/cdk.tf.json") },
    "outage-seconds": { type: "string", default: "60" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: node tools/rehearsal/src/cli.ts [--stack infra/cdktf.out/stacks/prod/cdk.tf.json] [--outage-seconds 60]",
  );
  process.exit(0);
}

const stackFile = resolve(values.stack);
if (!existsSync(stackFile)) {
  console.error(`${stackFile} does not exist: run \`npx nx run infra:synth\` first`);
  process.exit(1);
}
const outageSeconds = Number(values["outage-seconds"]);
if (!Number.isInteger(outageSeconds) || outageSeconds < 1) {
  console.error(`--outage-seconds must be a whole number >= 1, got ${values["outage-seconds"]}`);
  process.exit(1);
}

console.log(`rehearsal of ${stackFile}`);
try {
  const report = await rehearse({
    stack: JSON.parse(readFileSync(stackFile, "utf8")) as StackJson,
    workspaceRoot,
    outageSeconds,
    onLine: (line) => console.log(line),
  });
  const failed = report.results.filter((r) => !r.passed).length;
  if (failed > 0 && report.appOutput.length > 0)
    console.log(`\nthe app's last lines:\n${report.appOutput.join("\n")}`);
  console.log(`\nrehearsal: ${report.results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} catch (error) {
  console.error(error instanceof RehearsalError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
