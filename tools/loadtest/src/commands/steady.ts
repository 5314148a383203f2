import { optionalInt, intOption, jwtSecretOption, stringOption } from "../options.ts";
import { parseMix, renderSteady, runSteady } from "../steady.ts";

export async function steadyCommand(values: Record<string, unknown>): Promise<number> {
  const live = process.stdout.isTTY === true;
  const result = await runSteady({
    url: stringOption(values, "url") ?? "http://localhost:3000",
    jwtSecret: jwtSecretOption(values),
    durationS: intOption(values, "duration", 30),
    rate: optionalInt(values, "rate"),
    connections:
      values.rate === undefined && values.connections === undefined ? 64 : optionalInt(values, "connections"),
    mix: parseMix(stringOption(values, "mix") ?? "get-event=80,list-events=10,reserve=10"),
    users: optionalInt(values, "users"),
    progress: live ? (line) => process.stdout.write(`\r\x1b[2K${line}`) : undefined,
  });
  if (live) process.stdout.write("\n");
  console.log(renderSteady(result));
  const answered = result.operations.reduce((sum, op) => sum + op.count - (op.byStatus["0"] ?? 0), 0);
  return answered > 0 ? 0 : 1;
}
