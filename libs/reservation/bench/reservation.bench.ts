// Flash-sale throughput on one hot event: ours (Redis admission + group commit) vs a per-request transaction vs the
// original design (SETNX lock, reject when busy); and ours with the outbox on, and with seat holds (and the outbox), to
// show what each costs against the one-step path. Same MariaDB (a database of its own) and Redis (a key prefix of
// its own). Env: MYSQL_URL, REDIS_URL, BENCH_SECONDS (per run, default 5), BENCH_ROUNDS (default 3),
// BENCH_CALLERS (default 128), BENCH_POOL (connections per mode, default 16).
import { createClient } from "@redis/client";
// The benchmark measures the published build (dist), as a user would run it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ReservationEngine, type ReservationError } from "@ticketing/reservation";
import { createConnection, createPool, type RowDataPacket } from "mysql2/promise";
import { originalDesign, perRequestTransaction, type Outcome } from "./baselines.ts";
import { closedLoop, median, percentile, type RunResult } from "./stats.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const callers = Number(process.env.BENCH_CALLERS ?? 128);
const poolSize = Number(process.env.BENCH_POOL ?? 16);
const serverUrl = new URL(process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306");
serverUrl.pathname = "";
const database = `bench_reservation_${process.pid}`;
const prefix = `bench:reservation:${process.pid}:`;
const SEATS = 10_000_000;

const admin = await createConnection(serverUrl.toString().replace(/\/$/, ""));
await admin.query(`CREATE DATABASE \`${database}\``);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${database}`;
const redis = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
redis.on("error", () => {});
await redis.connect();
const engine = await ReservationEngine.create({
  database: { type: "mysql", url: dbUrl.toString(), poolSize },
  redis,
  keyPrefix: prefix,
});
// A second instance writing every change to the outbox (nothing publishes it here).
const withOutbox = await ReservationEngine.create({
  database: { type: "mysql", url: dbUrl.toString(), poolSize },
  redis,
  keyPrefix: prefix,
  outbox: true,
});
const pool = createPool({ uri: dbUrl.toString(), connectionLimit: poolSize });
const eventDate = new Date(Date.now() + 30 * 86_400_000);
const eventIds: Record<string, string[]> = {
  ours: [],
  ours_outbox: [],
  ours_holds: [],
  per_request_tx: [],
  original: [],
};

async function freshEvent(mode: string): Promise<string> {
  const event = await engine.createEvent({
    eventName: `bench ${mode}`,
    totalSeats: SEATS,
    eventDate,
    ...(mode === "ours_holds" ? { holdSeconds: 3_600 } : {}),
  });
  eventIds[mode]!.push(event.id);
  return event.id;
}

function classify(error: unknown): Outcome {
  const code = (error as ReservationError).code;
  return code === "E_SOLD_OUT" || code === "E_INSUFFICIENT_SEATS" ? "sold_out" : "failed";
}

const modes: Record<string, (eventId: string) => (caller: number, n: number) => Promise<Outcome>> = {
  ours: (eventId) => (caller, n) =>
    engine.reserve({ eventId, userId: `c${caller}-${n}`, quantity: 1 }).then(() => "ok" as const, classify),
  ours_outbox: (eventId) => (caller, n) =>
    withOutbox
      .reserve({ eventId, userId: `c${caller}-${n}`, quantity: 1 })
      .then(() => "ok" as const, classify),
  ours_holds: (eventId) => (caller, n) =>
    withOutbox
      .reserve({ eventId, userId: `c${caller}-${n}`, quantity: 1 })
      .then(() => "ok" as const, classify),
  per_request_tx: (eventId) => (caller, n) => perRequestTransaction(pool, eventId, `c${caller}-${n}`),
  original: (eventId) => (caller, n) =>
    originalDesign(pool, redis, `${prefix}lock:event:${eventId}`, eventId, `c${caller}-${n}`),
};

const batchStats = { count: 0, rows: 0, maxMs: 0 };
engine.on("reservation:batch", (batch) => {
  batchStats.count++;
  batchStats.rows += batch.size;
  batchStats.maxMs = Math.max(batchStats.maxMs, batch.ms);
});

async function run(name: string): Promise<RunResult> {
  const eventId = await freshEvent(name);
  Object.assign(batchStats, { count: 0, rows: 0, maxMs: 0 });
  const r = await closedLoop(callers, seconds, modes[name]!(eventId));
  if (name === "ours") {
    console.log(
      `  ours: ${batchStats.count} batches, ${(batchStats.rows / Math.max(1, batchStats.count)).toFixed(1)} rows per batch, slowest batch ${batchStats.maxMs} ms`,
    );
  }
  return {
    name,
    confirmed: r.confirmed,
    seconds: r.seconds,
    perSecond: r.confirmed / r.seconds,
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    falseSoldOut: r.falseSoldOut,
    failed: r.failed,
    oversold: 0,
  };
}

async function oversold(mode: string): Promise<number> {
  let worst = 0;
  for (const id of eventIds[mode]!) {
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT e.total_seats, e.available_seats, (SELECT COALESCE(SUM(quantity), 0) FROM reservations r WHERE r.event_id = e.id AND r.status IN ('CONFIRMED', 'HELD')) AS sold FROM events e WHERE e.id = ?",
      [id],
    );
    const row = rows[0]!;
    const sold = Number(row.sold);
    // Oversold, or the seat count disagrees with the rows: either is a broken invariant 1.
    worst = Math.max(
      worst,
      sold - Number(row.total_seats),
      Math.abs(Number(row.total_seats) - sold - Number(row.available_seats)),
    );
  }
  return worst;
}

try {
  console.log(
    `reservation bench: ${callers} callers, ${seconds}s per run, ${rounds} rounds, pool ${poolSize}, one hot event per run`,
  );
  await closedLoop(callers, 1, modes.ours!(await freshEvent("ours")));
  const results: Record<string, RunResult[]> = Object.fromEntries(
    Object.keys(modes).map((name) => [name, []]),
  );
  for (let round = 1; round <= rounds; round++) {
    for (const name of Object.keys(modes)) {
      const result = await run(name);
      results[name]!.push(result);
      console.log(
        `round ${round} ${name.padEnd(15)} ${result.perSecond.toFixed(0).padStart(7)}/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  false sold-out ${result.falseSoldOut}  failed ${result.failed}`,
      );
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        perSecond: median(runs.map((r) => r.perSecond)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        falseSoldOut: runs.reduce((s, r) => s + r.falseSoldOut, 0),
        oversold: 0,
      },
    ]),
  );
  for (const name of Object.keys(summary)) summary[name]!.oversold = await oversold(name);
  const ours = summary.ours!;
  const oursOutbox = summary.ours_outbox!;
  const oursHolds = summary.ours_holds!;
  const perRequest = summary.per_request_tx!;
  const original = summary.original!;
  console.log(
    "\nmedian of rounds        confirmed/s    p50 ms    p99 ms   false sold-out (all runs)   oversold",
  );
  for (const [name, s] of Object.entries(summary)) {
    console.log(
      `${name.padEnd(22)} ${s.perSecond.toFixed(0).padStart(12)} ${s.p50.toFixed(1).padStart(9)} ${s.p99.toFixed(1).padStart(9)} ${String(s.falseSoldOut).padStart(26)} ${String(s.oversold).padStart(10)}`,
    );
  }
  const vsPerRequest = ours.perSecond / perRequest.perSecond;
  const vsOriginal = ours.perSecond / original.perSecond;
  console.log(`\nours vs per-request transaction: ${vsPerRequest.toFixed(1)}x (target >= 3x)`);
  console.log(`ours vs original design:         ${vsOriginal.toFixed(1)}x (target >= 10x)`);
  const outboxVsOurs = oursOutbox.perSecond / ours.perSecond;
  const holdsVsOurs = oursHolds.perSecond / ours.perSecond;
  console.log(`ours with the outbox vs ours:     ${outboxVsOurs.toFixed(2)}x`);
  console.log(`ours with holds + outbox vs ours: ${holdsVsOurs.toFixed(2)}x`);
  console.log(
    `false sold-outs (ours): ${ours.falseSoldOut} (target 0); original design refused ${original.falseSoldOut} callers while seats remained`,
  );
  console.log(
    JSON.stringify({
      bench: "reservation",
      per_s: {
        ours: Math.round(ours.perSecond),
        ours_outbox: Math.round(oursOutbox.perSecond),
        ours_holds: Math.round(oursHolds.perSecond),
        per_request_tx: Math.round(perRequest.perSecond),
        original: Math.round(original.perSecond),
      },
      ratios: {
        vs_per_request_tx: Number(vsPerRequest.toFixed(2)),
        vs_original: Number(vsOriginal.toFixed(2)),
        outbox_vs_ours: Number(outboxVsOurs.toFixed(2)),
        holds_vs_ours: Number(holdsVsOurs.toFixed(2)),
      },
      false_sold_out: ours.falseSoldOut,
      oversold: Math.max(...Object.values(summary).map((r) => r.oversold)),
      p50_ms: {
        ours: Number(ours.p50.toFixed(2)),
        per_request_tx: Number(perRequest.p50.toFixed(2)),
        original: Number(original.p50.toFixed(2)),
      },
      p99_ms: {
        ours: Number(ours.p99.toFixed(2)),
        per_request_tx: Number(perRequest.p99.toFixed(2)),
        original: Number(original.p99.toFixed(2)),
      },
      callers,
      seconds_per_run: seconds,
      rounds,
    }),
  );
} finally {
  await withOutbox.close();
  await engine.close();
  await pool.end();
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await redis.del(keys);
  }
  redis.destroy();
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.end();
}
