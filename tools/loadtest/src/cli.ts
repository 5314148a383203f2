import { parseArgs } from "node:util";
import { LoadTestError } from "./errors.ts";

const usage = `Usage:
  node src/cli.ts flash-sale [--url http://localhost:3000] [--users 1000] [--seats 100] [--quantity 1]
                             [--database-url mysql://…] [--jwt-secret …] [--connect-concurrency 256]
                             [--no-forwarded-for] [--floor]
  node src/cli.ts steady     [--url …] --duration 30 (--rate 500 | --connections 64)
                             [--mix get-event=80,list-events=10,reserve=10] [--users 1000]
  node src/cli.ts chaos      [--users 3000] [--seats 2000] [--duration 40] [--api-main apps/api/dist/main.js]
  node src/cli.ts opening    [--url …] [--users 2000] [--seats 200] [--abandon 0.2] [--early 0.5] [--sse 0.1]
                             [--hold-seconds 15] [--admit-per-second N] [--pre-open-seconds 3] [--arrival-seconds 3]
                             [--pay-ms 300] [--database-url mysql://…] [--connections 256] [--timeout 600]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowNegative: true,
    options: {
      url: { type: "string" },
      users: { type: "string" },
      seats: { type: "string" },
      quantity: { type: "string" },
      "database-url": { type: "string" },
      "jwt-secret": { type: "string" },
      "connect-concurrency": { type: "string" },
      "request-timeout-ms": { type: "string" },
      duration: { type: "string" },
      rate: { type: "string" },
      connections: { type: "string" },
      mix: { type: "string" },
      "api-main": { type: "string" },
      "forwarded-for": { type: "boolean" },
      floor: { type: "boolean" },
      abandon: { type: "string" },
      early: { type: "string" },
      sse: { type: "string" },
      "hold-seconds": { type: "string" },
      "admit-per-second": { type: "string" },
      "pre-open-seconds": { type: "string" },
      "arrival-seconds": { type: "string" },
      "pay-ms": { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || !command) {
    console.log(usage);
    return command ? 0 : 2;
  }
  if (command === "flash-sale") return (await import("./commands/flash-sale.ts")).flashSaleCommand(values);
  if (command === "steady") return (await import("./commands/steady.ts")).steadyCommand(values);
  if (command === "opening") return (await import("./commands/opening.ts")).openingCommand(values);
  if (command === "chaos") return (await import("./commands/chaos.ts")).chaosCommand(values);
  console.error(`unknown command ${JSON.stringify(command)}\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof LoadTestError) console.error(`${error.code}: ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
