import { randomUUID } from "node:crypto";
import { calls } from "./fake-aws.ts";
import { hs256Token, request, sleep, type Answer } from "./http.ts";
import type { Instance } from "./instance.ts";
import { rootSession } from "./servers.ts";
import { randomPassword } from "./stack.ts";
import type { World } from "./world.ts";

export const LIVENESS_PATH = "/api/health/live";
export const READINESS_PATH = "/api/health/ready";

/** One check's verdict and the counts behind it. */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface CheckContext {
  readonly world: World;
  readonly instance: Instance;
  /** Seconds the database stays stopped. */
  readonly outageSeconds: number;
  /** Pause between two health polls, ms. */
  readonly pollMs: number;
}

const pass = (name: string, detail: string): CheckResult => ({ name, passed: true, detail });
const fail = (name: string, detail: string): CheckResult => ({ name, passed: false, detail });

/** Polls `path` until it answers 200 or `maxPolls` polls have failed; returns the number of polls. */
async function pollUntilOk(url: string, maxPolls: number, pollMs: number): Promise<number | undefined> {
  for (let poll = 1; poll <= maxPolls; poll++) {
    if ((await request(url, { timeoutMs: 5000 })).status === 200) return poll;
    await sleep(pollMs);
  }
  return undefined;
}

/** Liveness and readiness answers counted over one observation window. */
interface HealthCounts {
  polls: number;
  liveOk: number;
  liveOther: number[];
  readyDown: number;
  readyOk: number;
}

/** Polls liveness and readiness together until `done()` says stop. */
async function observeHealth(ctx: CheckContext, done: () => boolean): Promise<HealthCounts> {
  const counts: HealthCounts = { polls: 0, liveOk: 0, liveOther: [], readyDown: 0, readyOk: 0 };
  const { url } = ctx.instance.app;
  while (!done()) {
    const [live, ready] = await Promise.all([
      request(`${url}${LIVENESS_PATH}`, { timeoutMs: 5000 }),
      request(`${url}${READINESS_PATH}`, { timeoutMs: 10_000 }),
    ]);
    counts.polls += 1;
    if (live.status === 200) counts.liveOk += 1;
    else counts.liveOther.push(live.status);
    if (ready.status === 503) counts.readyDown += 1;
    if (ready.status === 200) counts.readyOk += 1;
    await sleep(ctx.pollMs);
  }
  return counts;
}

function tokens(ctx: CheckContext) {
  const secret = ctx.instance.environment["JWT_SECRET"] ?? "";
  return {
    admin: hs256Token(secret, "rehearsal-admin", "admin"),
    user: (id: string) => hs256Token(secret, id, "user"),
  };
}

/** Creates an event and reserves one seat; returns the reservation answer and the event id. */
async function reserveOne(ctx: CheckContext, eventId?: string): Promise<{ eventId: string; answer: Answer }> {
  const { url } = ctx.instance.app;
  const t = tokens(ctx);
  let id = eventId;
  if (!id) {
    const event = await request(`${url}/api/events`, {
      method: "POST",
      token: t.admin,
      body: {
        eventName: "Rehearsal opening",
        totalSeats: 1000,
        eventDate: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      },
    });
    if (event.status !== 201) return { eventId: "", answer: event };
    id = String(event.body["id"]);
  }
  const answer = await request(`${url}/api/reservations`, {
    method: "POST",
    token: t.user(`buyer-${randomUUID()}`),
    body: { eventId: id, quantity: 1 },
  });
  return { eventId: id, answer };
}

async function confirmedInDatabase(ctx: CheckContext, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const root = await rootSession(ctx.world.mysql, ctx.world.database.name);
  try {
    const [rows] = await root.query(
      "SELECT COUNT(*) AS n FROM reservations WHERE status = 'CONFIRMED' AND id IN (?)",
      [ids],
    );
    return Number((rows as { n: number }[])[0]?.n ?? 0);
  } finally {
    await root.end();
  }
}

export async function checkReady(ctx: CheckContext): Promise<CheckResult> {
  const name = "the app starts and becomes ready";
  const polls = await pollUntilOk(`${ctx.instance.app.url}${READINESS_PATH}`, 60, ctx.pollMs);
  if (polls === undefined) return fail(name, `GET ${READINESS_PATH} never answered 200 in 60 polls`);
  const live = await request(`${ctx.instance.app.url}${LIVENESS_PATH}`);
  if (live.status !== 200) return fail(name, `ready, but GET ${LIVENESS_PATH} answered ${live.status}`);
  return pass(name, `GET ${READINESS_PATH} 200 after ${polls} poll(s), GET ${LIVENESS_PATH} 200`);
}

export async function checkRoundTrip(ctx: CheckContext): Promise<CheckResult> {
  const name = "a reservation round trip is durable";
  const { eventId, answer } = await reserveOne(ctx);
  if (answer.status !== 201)
    return fail(name, `POST /api/reservations answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const id = String(answer.body["id"]);
  const durable = await confirmedInDatabase(ctx, [id]);
  if (durable !== 1) return fail(name, `reservation ${id} answered 201 but is not CONFIRMED in MariaDB`);
  return pass(name, `event ${eventId} created, reservation ${id} 201 and CONFIRMED in MariaDB`);
}

export async function checkDatabaseOutage(ctx: CheckContext): Promise<CheckResult> {
  const name = "liveness stays 200 while the database is stopped";
  await ctx.world.mysql.kill("SIGKILL");
  const until = Date.now() + ctx.outageSeconds * 1000;
  const down = await observeHealth(ctx, () => Date.now() >= until);
  await ctx.world.mysql.start();
  return outageVerdict(ctx, name, `stopped ${ctx.outageSeconds} s, ${down.polls} polls while down`, down);
}

export async function checkRedisRestart(ctx: CheckContext): Promise<CheckResult> {
  const name = "liveness stays 200 while Redis restarts";
  await ctx.world.redis.kill("SIGKILL");
  let restarted = false;
  const restart = (async () => {
    // Long enough for several polls to see Redis gone; the restart itself takes what it takes.
    await sleep(Math.max(3, Math.ceil(ctx.outageSeconds / 4)) * 1000);
    await ctx.world.redis.start();
    restarted = true;
  })();
  const during = await observeHealth(ctx, () => restarted);
  await restart;
  return outageVerdict(ctx, name, `${during.polls} polls while restarting`, during);
}

/**
 * After an outage: liveness must have answered 200 on every poll and readiness 503 at least once; then readiness must
 * come back by itself and a reservation succeed.
 */
async function outageVerdict(
  ctx: CheckContext,
  name: string,
  what: string,
  counts: HealthCounts,
): Promise<CheckResult> {
  const recoveredAfter = await pollUntilOk(`${ctx.instance.app.url}${READINESS_PATH}`, 120, ctx.pollMs);
  const after = await reserveOne(ctx);
  const detail =
    `${what}: liveness 200 on ${counts.liveOk}` +
    (counts.liveOther.length ? ` (other: ${counts.liveOther.join(",")})` : "") +
    `, readiness 503 on ${counts.readyDown}; ready again ${recoveredAfter === undefined ? "never" : `after ${recoveredAfter} poll(s)`}; reservation afterwards ${after.answer.status}`;
  const ok =
    counts.polls > 0 &&
    counts.liveOther.length === 0 &&
    counts.readyDown > 0 &&
    recoveredAfter !== undefined &&
    after.answer.status === 201;
  return ok ? pass(name, detail) : fail(name, detail);
}

export async function checkPasswordRotation(ctx: CheckContext): Promise<CheckResult> {
  const name = "the database password rotates without a restart";
  const secretArn = ctx.instance.environment["DATABASE_SECRET_ARN"];
  if (!secretArn)
    return fail(
      name,
      "the app is given no DATABASE_SECRET_ARN to re-read: its credentials are fixed in the env file at boot",
    );
  const secret = JSON.parse(ctx.world.secret(secretArn).value) as { username: string; password: string };
  const pid = ctx.instance.app.child.pid;
  const readsBefore = calls(ctx.world.awsDir).filter((c) => c.includes(secretArn)).length;
  const password = randomPassword(40);
  const root = await rootSession(ctx.world.mysql);
  let killed = 0;
  try {
    await root.query("ALTER USER ?@'%' IDENTIFIED BY ?", [secret.username, password]);
    ctx.world.updateSecret(secretArn, JSON.stringify({ ...secret, password }));
    // Sessions keep working after ALTER USER; closing them makes the app open new ones with the new password.
    const [sessions] = await root.query("SELECT id FROM information_schema.processlist WHERE user = ?", [
      secret.username,
    ]);
    for (const { id } of sessions as { id: number }[]) {
      await root.query(`KILL CONNECTION ${Number(id)}`).catch(() => {});
      killed += 1;
    }
  } finally {
    await root.end();
  }
  const readyAfter = await pollUntilOk(`${ctx.instance.app.url}${READINESS_PATH}`, 60, ctx.pollMs);
  const after = await reserveOne(ctx);
  const reads = calls(ctx.world.awsDir).filter((c) => c.includes(secretArn)).length - readsBefore;
  const check = await rootSession(ctx.world.mysql);
  let sessions = 0;
  try {
    const [rows] = await check.query(
      "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?",
      [secret.username],
    );
    sessions = Number((rows as { n: number }[])[0]?.n ?? 0);
  } finally {
    await check.end();
  }
  const samePid = ctx.instance.app.child.pid === pid && ctx.instance.app.child.exitCode === null;
  const detail =
    `ALTER USER ${secret.username} + secret updated, ${killed} session(s) closed; ` +
    `ready ${readyAfter === undefined ? "never" : `after ${readyAfter} poll(s)`}, reservation ${after.answer.status}, ` +
    `${sessions} new session(s) as ${secret.username}, secret re-read ${reads} time(s), same process: ${samePid}`;
  const ok = readyAfter !== undefined && after.answer.status === 201 && sessions > 0 && reads > 0 && samePid;
  return ok ? pass(name, detail) : fail(name, detail);
}

/**
 * Under load, SIGTERM after 40 answers. What must hold: the app exits 0; requests in flight when the signal came are
 * answered (at least one answer arrives after it); every 201 is CONFIRMED in MariaDB; and nothing is done without an
 * answer — no reservation exists for a request whose client got none. A request still on its way when the app closed
 * its idle keep-alive connections never reached it (no row, no answer): a load balancer deregisters an instance before
 * stopping it, so that race is counted, not failed.
 */
export async function checkSigtermDrains(ctx: CheckContext): Promise<CheckResult> {
  const name = "SIGTERM drains in-flight requests and exits 0";
  const { url, child } = ctx.instance.app;
  const first = await reserveOne(ctx);
  if (first.answer.status !== 201) return fail(name, `no reservation before SIGTERM: ${first.answer.status}`);
  const eventId = first.eventId;
  const t = tokens(ctx);
  let signalled = false;
  const outcomes: { user: string; beforeSignal: boolean; afterSignal: boolean; answer: Answer }[] = [];
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      const user = `drain-${w}-${i}`;
      const beforeSignal = !signalled;
      const answer = await request(`${url}/api/reservations`, {
        method: "POST",
        token: t.user(user),
        body: { eventId, quantity: 1 },
      });
      outcomes.push({ user, beforeSignal, afterSignal: signalled, answer });
      if (outcomes.length === 40 && !signalled) {
        signalled = true;
        child.kill("SIGTERM");
      }
      if (answer.status === 0 || (signalled && outcomes.length > 400)) return;
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  const exitCode = await ctx.instance.app.exited;
  const drained = outcomes.filter((o) => o.beforeSignal && o.afterSignal && o.answer.status !== 0).length;
  const unanswered = outcomes.filter((o) => o.answer.status === 0);
  const confirmed = outcomes.filter((o) => o.answer.status === 201).map((o) => String(o.answer.body["id"]));
  const durable = await confirmedInDatabase(ctx, confirmed);
  const doneWithoutAnswer = await reservationsOf(
    ctx,
    eventId,
    unanswered.map((o) => o.user),
  );
  const detail =
    `${outcomes.length} requests, SIGTERM after 40 answers; ${drained} in flight at the signal answered after it; ` +
    `${confirmed.length} answered 201, ${durable} of them CONFIRMED in MariaDB; ` +
    `${unanswered.length} unanswered (${unanswered.filter((o) => o.beforeSignal).length} sent before the signal), ` +
    `${doneWithoutAnswer} of them reserved anyway; exit ${exitCode}`;
  const ok =
    exitCode === 0 &&
    drained > 0 &&
    confirmed.length > 0 &&
    durable === confirmed.length &&
    doneWithoutAnswer === 0;
  return ok ? pass(name, detail) : fail(name, detail);
}

/** Reservations of `users` for the event, whatever their status. */
async function reservationsOf(ctx: CheckContext, eventId: string, users: readonly string[]): Promise<number> {
  if (users.length === 0) return 0;
  const root = await rootSession(ctx.world.mysql, ctx.world.database.name);
  try {
    const [rows] = await root.query(
      "SELECT COUNT(*) AS n FROM reservations WHERE event_id = ? AND user_id IN (?)",
      [eventId, users],
    );
    return Number((rows as { n: number }[])[0]?.n ?? 0);
  } finally {
    await root.end();
  }
}
