// Benchmark of the API on real MariaDB and Redis: cached GET vs a bare Express route, and a flash-sale POST load.
// Run: npx nx run api:bench   (or, after a build: node bench/api.bench.ts)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, cpus, freemem, totalmem, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  freePort,
  mysqlServer,
  redisServer,
  testDatabase,
  uniquePrefix,
  waitUntil,
} from "@ticketing/testing";
import { SignJWT } from "jose";
import { createConnection } from "mysql2/promise";
import { loadGenerator, type Load, type LoadResult } from "./load-generator.ts";
import { openLoop } from "./open-loop.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SECRET = "bench-secret-bench-secret-bench-secret-01";
const GET_SECONDS = Number(process.env.BENCH_GET_SECONDS ?? 3);
// Rounds alternate app and bare so that load from other processes on the machine hits both alike; the ratio is
// the median of seven pairs, because single rounds on this shared machine wander by a fifth either way.
const GET_ROUNDS = Number(process.env.BENCH_GET_ROUNDS ?? 7);
const POST_SECONDS = Number(process.env.BENCH_POST_SECONDS ?? 15);
// The open-loop POST run: a fixed rate, latency from each request's intended send time.
const OPEN_LOOP_RATE = Number(process.env.BENCH_OPEN_LOOP_RATE ?? 3000);
const OPEN_LOOP_SECONDS = Number(process.env.BENCH_OPEN_LOOP_SECONDS ?? 30);
const OPEN_LOOP_WARM_UP_SECONDS = Number(process.env.BENCH_OPEN_LOOP_WARM_UP_SECONDS ?? 3);
// The POST runs use the app as deployed on a machine like this one: a worker per CPU (WORKERS). The cached GET is
// compared with a bare route of one process, so the app serves it from one process too.
const APP_WORKERS = Number(process.env.BENCH_APP_WORKERS ?? availableParallelism());
const GET_CONNECTIONS = 64;
const POST_CONNECTIONS = 256;
const USERS = 20_000;

const load = loadGenerator();

function startChild(
  script: string,
  env: Record<string, string>,
  logs: "pipe" | "ignore" = "pipe",
): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    // The app's request logs go to /dev/null: reading them here would steal CPU from the load generator.
    stdio: ["ignore", logs, "inherit"],
  });
  if (logs === "ignore") return { child, port: Promise.resolve(Number(env.PORT)) };
  const port = new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)|^\{"port":(\d+)\}/m.exec(buffer);
      if (match) resolve(Number(match[1] ?? match[2]));
      if (buffer.length > 1_000_000) buffer = buffer.slice(-10_000);
    });
  });
  return { child, port };
}

const token = (sub: string, role: "user" | "admin") =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(SECRET));

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

async function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

async function main() {
  const db = await testDatabase("api_bench");
  const redis = await redisServer();
  const connection = await createConnection(db.url);
  const [[version]] = (await connection.query("SELECT VERSION() AS v")) as unknown as [[{ v: string }]];
  const children: ChildProcess[] = [];
  try {
    const prefix = uniquePrefix("api-bench");
    const waitingRoomSecret = randomBytes(32).toString("hex");
    const appEnv = async (workers: number) => ({
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      JWT_SECRET: SECRET,
      // Production refuses the development admission secret; the bench's events have no waiting room.
      WAITING_ROOM_SECRET: waitingRoomSecret,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
      RATE_LIMIT_PER_IP: "10000000",
      RATE_LIMIT_PER_USER: "10000000",
      NODE_ENV: "production",
      WORKERS: String(workers),
      // e.g. BENCH_APP_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app under this load.
      ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
    });
    const app = startChild(join(here, "../dist/main.js"), await appEnv(1), "ignore");
    children.push(app.child);
    const appUrl = `http://127.0.0.1:${await app.port}`;
    await waitUntil(async () => (await json(`${appUrl}/api/health`)).status === 200, 30_000, "the app");

    const admin = await token("bench-admin", "admin");
    const created = await json(`${appUrl}/api/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        eventName: "Bench Cached",
        totalSeats: 1000,
        eventDate: "2031-06-01T19:00:00Z",
      }),
    });
    const cachedId = (JSON.parse(created.text) as { id: string }).id;
    const sample = await json(`${appUrl}/api/events/${cachedId}`);

    // The flash sale: one hot event, many users, 256 connections.
    const hot = await json(`${appUrl}/api/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        eventName: "Bench Hot",
        totalSeats: 1_000_000,
        eventDate: "2031-06-02T19:00:00Z",
      }),
    });
    const hotId = (JSON.parse(hot.text) as { id: string }).id;
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, i) => token(`bench-user-${i}`, "user")),
    );
    const body = JSON.stringify({ eventId: hotId, quantity: 1 });
    const authorizations = tokens.map((t) => `Bearer ${t}`);
    const reserveLoad = (url: string): Load => ({
      url,
      path: "/api/reservations",
      method: "POST",
      body,
      authorizations,
      connections: POST_CONNECTIONS,
      seconds: POST_SECONDS,
    });
    const reservationSample = await json(`${appUrl}/api/reservations`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[0]}`, "content-type": "application/json" },
      body,
    });
    if (reservationSample.status !== 201) throw new Error(`sample reservation: ${reservationSample.text}`);
    // The bare routes answer with the app's own sample bodies.
    const bare = startChild(join(here, "bare-server.ts"), {
      PORT: "0",
      BARE_BODY: sample.text,
      BARE_POST_BODY: reservationSample.text,
    });
    children.push(bare.child);
    const bareUrl = `http://127.0.0.1:${await bare.port}`;
    const bareSample = await json(`${bareUrl}/api/events/${cachedId}`);

    const getLoad = (url: string): Load => ({
      url,
      path: `/api/events/${cachedId}`,
      connections: GET_CONNECTIONS,
      seconds: GET_SECONDS,
    });
    await load.run({ ...getLoad(appUrl), seconds: 2 });
    await load.run({ ...getLoad(bareUrl), seconds: 2 });
    const appRounds: LoadResult[] = [];
    const bareRounds: LoadResult[] = [];
    for (let round = 0; round < GET_ROUNDS; round++) {
      appRounds.push(await load.run(getLoad(appUrl)));
      bareRounds.push(await load.run(getLoad(bareUrl)));
    }
    // The same POST load against the bare route: what this machine's HTTP stack and load generator allow at best.
    const bareReserveLoad = reserveLoad(bareUrl);
    await load.run({ ...bareReserveLoad, seconds: 2 });
    const bareReserve = await load.run(bareReserveLoad);
    const openLoopOf = (url: string) =>
      openLoop({
        url,
        path: "/api/reservations",
        method: "POST",
        body,
        authorizations,
        rate: OPEN_LOOP_RATE,
        seconds: OPEN_LOOP_SECONDS,
        warmUpSeconds: OPEN_LOOP_WARM_UP_SECONDS,
        connections: POST_CONNECTIONS,
      });
    // The open-loop floor: the same fixed rate against the bare route, on this machine, with this generator.
    const openLoopBare = await openLoopOf(bareUrl);
    await stopChild(bare.child);
    const ratios = appRounds.map((r, i) => r.perSecond / bareRounds[i]!.perSecond).sort((x, y) => x - y);
    const ratio = ratios[Math.floor(ratios.length / 2)]!;
    const best = (results: LoadResult[]) => results.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const appGet = best(appRounds);
    const bareGet = best(bareRounds);

    // The POST runs: the app again, on the same database and Redis, with a worker per CPU.
    const firstExitCode = await stopChild(app.child);
    const postApp = startChild(join(here, "../dist/main.js"), await appEnv(APP_WORKERS), "ignore");
    children.push(postApp.child);
    const postUrl = `http://127.0.0.1:${await postApp.port}`;
    await waitUntil(async () => (await json(`${postUrl}/api/health`)).status === 200, 30_000, "the app");
    await load.run({ ...reserveLoad(postUrl), seconds: 3 });
    const [[warm]] = (await connection.query("SELECT COUNT(*) AS n FROM reservations WHERE event_id = ?", [
      hotId,
    ])) as unknown as [[{ n: number }]];
    const reserve = await load.run(reserveLoad(postUrl));
    const openLoopReserve = await openLoopOf(postUrl);
    const exitCode = Math.max(firstExitCode ?? 1, (await stopChild(postApp.child)) ?? 1);

    const [[after]] = (await connection.query(
      "SELECT COUNT(*) AS n, COALESCE(SUM(quantity), 0) AS seats FROM reservations WHERE event_id = ? AND status = 'CONFIRMED'",
      [hotId],
    )) as unknown as [[{ n: number; seats: number }]];
    const [[event]] = (await connection.query(
      "SELECT available_seats AS a, total_seats AS t FROM events WHERE id = ?",
      [hotId],
    )) as unknown as [[{ a: number; t: number }]];
    const confirmedInRun = reserve.ok + openLoopReserve.ok;
    const durableInRun = Number(after.n) - Number(warm.n);
    const durableOk =
      durableInRun >= confirmedInRun &&
      Number(event.a) + Number(after.seats) === Number(event.t) &&
      exitCode === 0;
    const reservePerSecond = reserve.ok / POST_SECONDS;
    const barePostPerSecond = bareReserve.ok / POST_SECONDS;

    const cpu = cpus();
    console.log(
      `\nmachine: ${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (free ${(freemem() / 2 ** 30).toFixed(1)}), load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `node ${process.version}; database ${version.v}; redis ${redis.url.replace(/\/\/.*@/, "//")}; app and bare server each one child process; load generator ${load.name} (one thread)`,
    );
    console.log(
      `\nGET /api/events/{id} (cache hit), ${GET_CONNECTIONS} connections, ${GET_ROUNDS} alternating rounds of ${GET_SECONDS} s (ratio = median of rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")}; best round shown), body ${sample.text.length} B (bare ${bareSample.text.length} B)`,
    );
    console.table([
      {
        server: "api (request id, logger, helmet, Redis rate limit)",
        "req/s": Math.round(appGet.perSecond),
        "p50 ms": appGet.p50Ms,
        "p99 ms": appGet.p99Ms,
        errors: appGet.errors + appGet.non2xx,
      },
      {
        server: "bare Express 5 route",
        "req/s": Math.round(bareGet.perSecond),
        "p50 ms": bareGet.p50Ms,
        "p99 ms": bareGet.p99Ms,
        errors: bareGet.errors + bareGet.non2xx,
      },
      {
        server: "ratio (target ≥ 0.75)",
        "req/s": Number(ratio.toFixed(3)),
        "p50 ms": "",
        "p99 ms": "",
        errors: "",
      },
    ]);
    console.log(
      `\nPOST /api/reservations, one hot event (1,000,000 seats), ${USERS} users, ${POST_CONNECTIONS} connections, ${POST_SECONDS} s`,
    );
    console.table([
      {
        server: `api, ${APP_WORKERS} worker(s) (JWT, rate limits, validation, engine, MariaDB commit)`,
        "201/s (target ≥ 3000)": Math.round(reservePerSecond),
        "p50 ms": reserve.p50Ms,
        "p99 ms (target < 50)": reserve.p99Ms,
        "201s": reserve.ok,
        "non-2xx": reserve.non2xx,
        errors: reserve.errors,
        "rows in DB": `${durableInRun} (both runs)`,
        "durable (every 201 in DB, seats add up, exit 0)": durableOk,
      },
      {
        server: "bare Express 5 route (JSON body parse, constant 201)",
        "201/s (target ≥ 3000)": Math.round(barePostPerSecond),
        "p50 ms": bareReserve.p50Ms,
        "p99 ms (target < 50)": bareReserve.p99Ms,
        "201s": bareReserve.ok,
        "non-2xx": bareReserve.non2xx,
        errors: bareReserve.errors,
        "rows in DB": "",
        "durable (every 201 in DB, seats add up, exit 0)": "",
      },
    ]);
    console.log(
      `\nPOST /api/reservations, open loop: ${OPEN_LOOP_RATE} requests/s for ${OPEN_LOOP_WARM_UP_SECONDS} s of warm-up and ${OPEN_LOOP_SECONDS} s measured over at most ${POST_CONNECTIONS} connections, latency from each request's intended send time`,
    );
    console.table(
      (
        [
          [`api, ${APP_WORKERS} worker(s)`, openLoopReserve],
          ["bare Express 5 route (the floor)", openLoopBare],
        ] as const
      ).map(([server, run]) => ({
        server,
        requests: run.sent,
        measured: run.measured,
        "201s": run.ok,
        "non-2xx": run.non2xx,
        errors: run.errors,
        "p50 ms": run.p50Ms,
        "p99 ms (target < 50)": run.p99Ms,
        "max ms": run.maxMs,
        "generator send lag p99 ms": run.sendLagP99Ms,
      })),
    );
    console.log(
      JSON.stringify({
        bench: "api",
        ratios: {
          cached_get_vs_bare_express: Number(ratio.toFixed(3)),
          reserve_vs_bare_post: Number((reservePerSecond / barePostPerSecond).toFixed(3)),
        },
        cached_get_rps: Math.round(appGet.perSecond),
        bare_express_rps: Math.round(bareGet.perSecond),
        reserve_per_s: Math.round(reservePerSecond),
        reserve_p99_ms: reserve.p99Ms,
        // A latency of failed requests is no latency of the app: the figure counts only when every request got a 2xx.
        reserve_open_loop_p99_ms:
          openLoopReserve.errors + openLoopReserve.non2xx === 0 ? openLoopReserve.p99Ms : null,
        bare_open_loop_p99_ms: openLoopBare.p99Ms,
        bare_post_per_s: Math.round(barePostPerSecond),
        bare_post_p99_ms: bareReserve.p99Ms,
        durable_ok: durableOk,
        app_workers: APP_WORKERS,
      }),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await connection.end();
    await db.drop();
    // Servers the harness spawned (no REDIS_URL/MYSQL_URL) would otherwise keep this process alive.
    await redis.stop();
    await (await mysqlServer()).stop();
  }
}

await main();
