import { checkOpening } from "../opening/checks.ts";
import { readOpeningState } from "../opening/final-state.ts";
import { openingOptions } from "../opening/options.ts";
import { openingJson, renderOpening, renderOpeningChecks } from "../opening/report.ts";
import { runOpening } from "../opening/run-opening.ts";

const RATE_LIMITED_HINT =
  "Buyers were refused for their address (429): each buyer's address goes in X-Forwarded-For. The API believes it " +
  "from a proxy on the same host when embedded, or behind TRUST_PROXY=1; start it so, or raise its limits.";

export async function openingCommand(values: Record<string, unknown>): Promise<number> {
  const options = openingOptions(values);
  const run = await runOpening(options, (line) => console.log(line));
  console.log(`\n${renderOpening(options, run)}\n`);
  const state = await readOpeningState(options, run);
  const checks = checkOpening(
    {
      seats: options.seats,
      buyers: run.buyers,
      samples: run.samples,
      opensAt: run.opensAt,
      soldOutForGood: run.allConfirmedAt !== null,
    },
    state,
  );
  if (run.timedOut)
    checks.push({
      name: "finished in time",
      ok: false,
      detail: `still selling after --timeout ${options.timeoutSeconds} s`,
    });
  console.log(renderOpeningChecks(checks, state, run));
  if (run.buyers.some((buyer) => buyer.errors.some((error) => / 429 /.test(error))))
    console.error(RATE_LIMITED_HINT);
  console.log(openingJson(options, run, checks, state));
  return checks.every((check) => check.ok) ? 0 : 1;
}
