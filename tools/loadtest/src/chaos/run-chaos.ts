import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createConnection } from "mysql2/promise";
import { Pool } from "undici";
import { freePort, startMysql, startRedis, type OwnedMysql, type OwnedRedis } from "@ticketing/testing";
import { ApiClient } from "../api-client.ts";
import { sleep } from "../concurrency.ts";
import { checkFlashSale, type CheckResult, type FinalState } from "../invariants.ts";
import { classify, type Outcome } from "../outcome.ts";
import { readStateFromMysql } from "../state-mysql.ts";
import { summarizeOutcomes, type FlashSaleSummary } from "../summary.ts";
import { createTokenFactory } from "../tokens.ts";
import { AppInstance } from "./app-instance.ts";
import { faultCosts, type FaultCost, type FaultRecord } from "./fault-cost.ts";
import { killDatabaseConnections } from "./faults.ts";
import { RoundRobinProxy } from "./proxy.ts";
import { reserveWithRetries, type Attempt } from "./retrying-client.ts";

export interface ChaosOptions {
  /** Path of apps/api's built entry (dist/main.js). */
  apiMain: string;
  /** @default 3000 */
  users?: number;
  /** @default 2500 */
  seats?: number;
  /** Seconds over which clients arrive; faults land at 15%, 40% and 65% of it. @default 40 */
  durationS?: number;
  /** How long a client keeps retrying, ms. @default 60_000 */
  clientDeadlineMs?: number;
  /** How long the state may take to settle after the load (the engine's reconciliation), ms. @default 60_000 */
  reconcileMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  summary: FlashSaleSummary;
  faults: FaultCost[];
  checks: CheckResult[];
  state: FinalState;
  settledMs: number;
  logDir: string;
}

const DATABASE = "ticketing_chaos";

/**
 * The flash sale against two app instances behind a round-robin proxy, on a Redis (AOF, fsync always) and a MariaDB
 * this run starts, while it kills Redis with SIGKILL and restarts it, kills the app's database connections, and
 * SIGKILLs one app instance and restarts it. Then it waits for the state to settle and checks every invariant.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const users = options.users ?? 3000;
  const seats = options.seats ?? 2500;
  const durationMs = (options.durationS ?? 40) * 1000;
  const logDir = mkdtempSync(join(tmpdir(), "chaos-"));
  const secret = randomBytes(32).toString("hex");
  let redis: OwnedRedis | undefined;
  let mysql: OwnedMysql | undefined;
  const apps: AppInstance[] = [];
  let proxy: RoundRobinProxy | undefined;
  let pool: Pool | undefined;
  let api: ApiClient | undefined;
  try {
    log("starting Redis (AOF, appendfsync always) and MariaDB owned by this run");
    [redis, mysql] = await Promise.all([startRedis({ persistence: "aof" }), startMysql()]);
    const admin = await createConnection(mysql.url);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const databaseUrl = `${mysql.url}/${DATABASE}`;
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      JWT_SECRET: secret,
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_IP: "10000000",
      RATE_LIMIT_PER_USER: "10000000",
      SEED_DEMO_EVENT: "false",
    };
    for (const name of ["app-a", "app-b"]) {
      apps.push(
        new AppInstance({
          name,
          main: options.apiMain,
          port: await freePort(),
          env,
          logFile: join(logDir, `${name}.log`),
        }),
      );
    }
    // One after the other: both would otherwise race to run the migrations on the empty database.
    for (const app of apps) await app.start();
    proxy = new RoundRobinProxy(apps.map((app) => app.url));
    const url = await proxy.listen();
    log(`apps ${apps.map((app) => app.url).join(", ")} behind proxy ${url.href}; logs in ${logDir}`);

    const sign = createTokenFactory(secret);
    api = new ApiClient(url, { connections: 8 });
    const event = await api.createEvent(await sign("chaos-admin", "admin"), {
      eventName: "Chaos flash sale",
      totalSeats: seats,
      eventDate: new Date(Date.now() + 30 * 24 * 3600_000),
    });
    const eventId = String(event.id);
    const userIds = Array.from({ length: users }, (_, i) => `chaos-u${i}`);
    const tokens = await Promise.all(userIds.map((userId) => sign(userId, "user")));
    pool = new Pool(url.origin, { connections: 512 });

    const attempts: Attempt[] = [];
    const faults: FaultRecord[] = [];
    const origin = performance.now();
    const at = () => performance.now() - origin;
    const ownedRedis = redis;
    const ownedMysql = mysql;
    const victim = apps[1] as AppInstance;
    const faultPlan = [
      {
        name: "Redis kill -9",
        atMs: durationMs * 0.15,
        run: async () => {
          const record: FaultRecord = { name: "Redis kill -9, restart after 3 s", injectedMs: at() };
          faults.push(record);
          await ownedRedis.kill("SIGKILL");
          await sleep(3000);
          await ownedRedis.start();
          record.restoredMs = at();
        },
      },
      {
        name: "KILL CONNECTION",
        atMs: durationMs * 0.4,
        run: async () => {
          const record: FaultRecord = {
            name: "KILL CONNECTION on the apps' database connections",
            injectedMs: at(),
          };
          faults.push(record);
          const killed = await killDatabaseConnections(ownedMysql.url, DATABASE);
          record.name += ` (${killed})`;
        },
      },
      {
        name: `SIGKILL ${victim.name}`,
        atMs: durationMs * 0.65,
        run: async () => {
          const record: FaultRecord = { name: `SIGKILL ${victim.name}, restart after 2 s`, injectedMs: at() };
          faults.push(record);
          await victim.kill("SIGKILL");
          await sleep(2000);
          await victim.start();
          record.restoredMs = at();
        },
      },
    ];
    const faultRuns = faultPlan.map(async (fault) => {
      await sleep(fault.atMs);
      log(`t=${(at() / 1000).toFixed(1)}s fault: ${fault.name}`);
      await fault.run();
    });

    const interval = durationMs / users;
    const clients = userIds.map(async (userId, i) => {
      await sleep(i * interval);
      return reserveWithRetries({
        pool: pool as Pool,
        token: tokens[i] as string,
        userId,
        eventId,
        quantity: 1,
        origin,
        deadlineMs: options.clientDeadlineMs ?? 60_000,
        attempts,
      });
    });
    const progress = setInterval(() => {
      const failures = attempts.filter((attempt) => attempt.status === 0 || attempt.status >= 500).length;
      log(`t=${(at() / 1000).toFixed(0)}s attempts ${attempts.length}, failed ${failures}`);
    }, 5000);
    let outcomes: Outcome[];
    try {
      outcomes = await Promise.all(clients);
      await Promise.all(faultRuns);
    } finally {
      clearInterval(progress);
    }
    const loadEndMs = at();
    const summary = summarizeOutcomes(outcomes, { users, seats, wallMs: loadEndMs });

    const settleStart = performance.now();
    let state = await readStateFromMysql(databaseUrl, eventId);
    let checks = checkFlashSale({ seats, quantity: 1, outcomes }, state);
    while (
      checks.some((check) => !check.ok) &&
      performance.now() - settleStart < (options.reconcileMs ?? 60_000)
    ) {
      await sleep(1000);
      state = await readStateFromMysql(databaseUrl, eventId);
      checks = checkFlashSale({ seats, quantity: 1, outcomes }, state);
    }
    const settledMs = performance.now() - settleStart;
    // Past the API's event micro-cache (EVENT_RESPONSE_TTL_MS, 500 ms by default), so the answer is current.
    await sleep(1000);
    const viaApi = await api.getEvent(eventId).catch(() => undefined);
    checks.push({
      name: "API agrees with the database after recovery",
      ok: viaApi?.availableSeats === state.event.availableSeats,
      detail: `GET /api/events/{id} availableSeats ${viaApi?.availableSeats ?? "(no answer)"}, database ${state.event.availableSeats}`,
    });
    const unanswered = outcomes.filter((outcome) => classify(outcome) === "error");
    checks.push({
      name: "every client got a definitive answer",
      ok: unanswered.length === 0,
      detail: `${unanswered.length} clients still had an error after retrying for ${(options.clientDeadlineMs ?? 60_000) / 1000} s`,
    });
    return { summary, faults: faultCosts(attempts, faults, loadEndMs), checks, state, settledMs, logDir };
  } finally {
    await pool?.close();
    await api?.close();
    await proxy?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all([redis?.stop(), mysql?.stop()]);
  }
}
