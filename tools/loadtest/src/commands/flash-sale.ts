import { ApiClient } from "../api-client.ts";
import { runFlashSale } from "../flash-sale.ts";
import { measureFloor } from "../floor/floor.ts";
import { checkFlashSale, type FinalState } from "../invariants.ts";
import { intOption, jwtSecretOption, optionalInt, stringOption } from "../options.ts";
import { renderChecks, renderSummary } from "../report.ts";
import { readStateViaApi } from "../state-api.ts";
import { readStateFromMysql } from "../state-mysql.ts";

const RATE_LIMITED_HINT =
  "The API answered 429: it counted these buyers as one address. Each buyer's address goes in X-Forwarded-For, as " +
  "a load balancer sends it; start the API as it runs behind one, with TRUST_PROXY=1 (or pass --no-forwarded-for " +
  "and raise RATE_LIMIT_PER_IP).";

export async function flashSaleCommand(values: Record<string, unknown>): Promise<number> {
  const url = stringOption(values, "url") ?? "http://localhost:3000";
  const jwtSecret = jwtSecretOption(values);
  const databaseUrl = stringOption(values, "database-url");
  const users = intOption(values, "users", 1000);
  const seats = intOption(values, "seats", 100);
  const quantity = intOption(values, "quantity", 1);
  const probe = new ApiClient(url, { connections: 1 });
  try {
    const health = await probe.call("GET", "/api/health");
    const body = health.json as { database?: string; redis?: string } | undefined;
    console.log(
      `target ${url}: health ${health.status}, database ${body?.database ?? "?"}, redis ${body?.redis ?? "?"}`,
    );
  } finally {
    await probe.close();
  }
  const barrier = {
    connectConcurrency: optionalInt(values, "connect-concurrency"),
    requestTimeoutMs: optionalInt(values, "request-timeout-ms"),
  };
  const run = await runFlashSale({
    url,
    users,
    seats,
    quantity,
    jwtSecret,
    ...barrier,
    forwardedFor: values["forwarded-for"] !== false,
    log: (line) => console.log(line),
  });
  console.log(renderSummary(run.summary));

  let state: FinalState;
  if (databaseUrl) {
    state = await readStateFromMysql(databaseUrl, run.eventId);
  } else {
    const api = new ApiClient(url, { connections: 32 });
    try {
      state = await readStateViaApi(
        api,
        run.eventId,
        run.userIds.map((userId, i) => ({ userId, token: run.userTokens[i] as string })),
        { forwardedFor: values["forwarded-for"] !== false },
      );
    } finally {
      await api.close();
    }
  }
  const checks = checkFlashSale({ seats, quantity, outcomes: run.outcomes }, state);
  console.log(renderChecks(checks, state.source));
  const failed = checks.filter((check) => !check.ok);
  if (run.summary.errorsByStatus["429"]) console.error(RATE_LIMITED_HINT);
  if (failed.length > 0) {
    console.error(`${failed.length} check(s) failed: ${failed.map((check) => check.name).join(", ")}`);
  }
  const { summary } = run;
  let floor: { floor_wall_ms: number; wall_vs_floor: number } | undefined;
  if (values.floor === true) {
    const { wallMs } = await measureFloor(run.clients, barrier);
    floor = {
      floor_wall_ms: Math.round(wallMs),
      wall_vs_floor: Number((summary.wallMs / wallMs).toFixed(2)),
    };
    console.log(
      `floor: a bare Express 5 route answered the same ${users} requests in ${floor.floor_wall_ms} ms; ` +
        `this sale took ${floor.wall_vs_floor}× that`,
    );
  }
  console.log(
    JSON.stringify({
      loadtest: "flash-sale",
      wall_ms: Math.round(summary.wallMs),
      invariants_ok: failed.length === 0,
      users: summary.users,
      seats: summary.seats,
      succeeded: summary.succeeded,
      sold_out: summary.soldOut,
      other: summary.errorsByStatus,
      p99_ms: summary.latency.p99,
      state_source: state.source,
      ...floor,
    }),
  );
  return failed.length > 0 ? 1 : 0;
}
