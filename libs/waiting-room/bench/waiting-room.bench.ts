// Benchmark of @ticketing/waiting-room on a Redis it starts itself (nothing else touches it): joins/s filling a line
// of 100,000 buyers, status reads/s and their p99 with the line full, then an opening that sells the seats out with
// admitted buyers reserving or abandoning. The physical ceiling is the same Redis's own `redis-benchmark -t set`,
// measured in the same run, with the CPU each operation costs Redis and Node (which machine load does not skew).
// Run: `npx nx run waiting-room:bench` (env BUYERS, SEATS, INSTANCES to change the sizes).
// The last line printed is one JSON object for scripts.
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { createClient } from "@redis/client";
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark measures the built package, as users get it
import { createWaitingRoom, type TickResult, type WaitingRoom } from "@ticketing/waiting-room";
import { startRedis } from "@ticketing/testing";
import { countInversions, type JoinRecord } from "./fairness.ts";
import { percentile, printTable } from "./report.ts";

const run = promisify(execFile);
const BUYERS = Number(process.env.BUYERS ?? 100_000);
const SEATS = Number(process.env.SEATS ?? 5_000);
const PRE_QUEUE = Math.floor(BUYERS / 10);
const IN_FLIGHT = 256;
const STATUS_READS = Math.min(BUYERS, 100_000);
/** Reads in flight while latency is measured: a busy app instance's share, not a saturated Redis's queue. */
const LATENCY_IN_FLIGHT = 16;
const LATENCY_READS = 20_000;
const INSTANCES = Number(process.env.INSTANCES ?? 2);
const ABANDON_EVERY = 5;
const OPENS_AT = Date.UTC(2030, 5, 1, 19, 0, 0);
const SECRET = "bench-secret-of-at-least-32-bytes-0123456789";

/** Runs `count` calls of `task`, `inFlight` at a time; returns each call's latency in ms. */
async function pool(
  count: number,
  inFlight: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies = new Array<number>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies[i] = performance.now() - started;
      }
    }),
  );
  return latencies;
}

type InfoClient = { info(section: string): Promise<string> };

/** The Redis server's CPU time so far (user + system, INFO cpu), in µs: a cost per operation that load does not skew. */
async function redisCpuMicros(client: InfoClient): Promise<number> {
  const info = await client.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? Number.NaN);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}

/** `redis-benchmark -t set` (50 connections, no pipelining), the median of 3 runs, and Redis's CPU per SET. */
async function redisSet(port: number, client: InfoClient): Promise<{ perSecond: number; cpuMicros: number }> {
  const runs: number[] = [];
  const cpuBefore = await redisCpuMicros(client);
  for (let i = 0; i < 3; i++) {
    const { stdout } = await run("redis-benchmark", ["-p", String(port), "-t", "set", "-n", "200000", "-q"]);
    const match = /SET: ([\d.]+) requests per second/.exec(stdout);
    if (!match) throw new Error(`unexpected redis-benchmark output: ${stdout}`);
    runs.push(Number(match[1]));
  }
  return {
    perSecond: percentile(runs, 50),
    cpuMicros: ((await redisCpuMicros(client)) - cpuBefore) / 600_000,
  };
}

/** Runs `phase` and returns its calls per second with the CPU each call cost Redis and this process, in µs. */
async function measure<T>(client: InfoClient, calls: number, phase: () => Promise<T>) {
  const redisBefore = await redisCpuMicros(client);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  const result = await phase();
  const seconds = (performance.now() - started) / 1_000;
  const node = process.cpuUsage(nodeBefore);
  return {
    result,
    perSecond: calls / seconds,
    redisCpuMicros: ((await redisCpuMicros(client)) - redisBefore) / calls,
    nodeCpuMicros: (node.user + node.system) / calls,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const redis = await startRedis({ persistence: "none" });
  const clients = await Promise.all(
    Array.from({ length: INSTANCES }, async () => {
      const client = createClient({ url: redis.url });
      client.on("error", () => {});
      await client.connect();
      return client;
    }),
  );
  let clock = OPENS_AT - 3_600_000;
  let available = SEATS;
  const rooms: WaitingRoom[] = clients.map((client) =>
    createWaitingRoom({
      redis: client,
      secret: SECRET,
      inventory: () => available,
      tickMs: 0,
      joinsPerIp: false,
      clock: () => clock,
    }),
  );
  const room = (i: number) => rooms[i % INSTANCES]!;
  const identity = (i: number) => `buyer-${i}`;
  try {
    const set = await redisSet(redis.port, clients[0]!);
    // Warm-up: a line of the same size, filled and removed, so that the measured joins reuse memory Redis already
    // has instead of paying the first touch of every new page (which a virtual machine makes slow, and which a
    // Redis that has been running for a while no longer pays).
    await rooms[0]!.configure("warm-up", { opensAt: OPENS_AT - 7_200_000, admitPerSecond: 1 });
    await pool(BUYERS, IN_FLIGHT, (i) => room(i).join("warm-up", identity(i)));
    await rooms[0]!.remove("warm-up");
    await rooms[0]!.configure("bench", { opensAt: OPENS_AT, admitPerSecond: 50_000, burst: 1_000 });

    // 1. Joins: a tenth before the opening (the pre-queue), the rest after, in order.
    const joins: JoinRecord[] = new Array(BUYERS);
    let counter = 0;
    const join = async (i: number) => {
      const sentAt = counter++;
      const ticket = await room(i).join("bench", identity(i));
      joins[i] = {
        identity: identity(i),
        sentAt,
        answeredAt: counter++,
        preQueue: ticket.status === "pre_queue",
      };
    };
    const joining = await measure(clients[0]!, BUYERS, async () => {
      await pool(PRE_QUEUE, IN_FLIGHT, join);
      clock = OPENS_AT;
      await pool(BUYERS - PRE_QUEUE, IN_FLIGHT, (i) => join(i + PRE_QUEUE));
    });

    // 2. Status reads with the whole line waiting: throughput at IN_FLIGHT, then latency at LATENCY_IN_FLIGHT.
    const read = (i: number) => room(i).status("bench", identity((i * 7_919) % BUYERS));
    const reading = await measure(clients[0]!, STATUS_READS, () => pool(STATUS_READS, IN_FLIGHT, read));
    const latencies = await pool(LATENCY_READS, LATENCY_IN_FLIGHT, read);

    // 3. The opening: every instance runs admission steps; each admitted buyer verifies its token and reserves a
    // seat (or abandons), until the seats are gone and every decision is in.
    const order: string[] = [];
    let overAdmitted = 0;
    let capBreaches = 0;
    let reserved = 0;
    const decide = async (step: TickResult, instance: number) => {
      step.admitted.forEach((name, i) => (order[step.admittedTotal - step.admitted.length + i] = name));
      if (step.admitted.length > 0 && step.undecided > step.seats) capBreaches += 1;
      await Promise.all(
        step.admitted.map(async (name) => {
          const r = rooms[instance]!;
          const ticket = await r.status("bench", name);
          const admission = await r.verify(ticket.admission!.token, { eventId: "bench", identity: name });
          if (Number(name.slice(6)) % ABANDON_EVERY === 0)
            return r.settle(admission, { outcome: "abandoned" });
          if (available === 0) {
            overAdmitted += 1;
            return r.settle(admission, { outcome: "refused" });
          }
          available -= 1;
          reserved += 1;
          return r.settle(admission, { outcome: "reserved", seats: 1 });
        }),
      );
    };
    const openingStarted = performance.now();
    let last: TickResult | undefined;
    while (!last || !(last.soldOut && last.undecided === 0)) {
      clock += 20;
      const steps = await Promise.all(rooms.map((r) => r.tick("bench")));
      await Promise.all(steps.map((step, instance) => decide(step, instance)));
      last = steps.at(-1);
    }
    const openingSeconds = (performance.now() - openingStarted) / 1_000;
    const admitted = order.filter((name) => name !== undefined).length;
    const stillWaiting = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => rooms[0]!.status("bench", identity(BUYERS - 1 - i * 13))),
    );
    const toldSoldOut = stillWaiting.filter((ticket) => ticket.status === "sold_out").length;
    const inversions = countInversions(joins, order);

    const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
    const statusP99 = percentile(latencies, 99);
    const over = overAdmitted + capBreaches;
    const cpu = (figures: { redisCpuMicros: number; nodeCpuMicros: number }) =>
      `Redis ${round(figures.redisCpuMicros)} µs, Node ${round(figures.nodeCpuMicros)} µs`;
    printTable([
      { measure: "redis-benchmark -t set (same Redis)", value: `${Math.round(set.perSecond)}/s` },
      { measure: "CPU per SET", value: `Redis ${round(set.cpuMicros)} µs` },
      {
        measure: `joins (${BUYERS} buyers, ${IN_FLIGHT} in flight)`,
        value: `${Math.round(joining.perSecond)}/s`,
      },
      { measure: "CPU per join", value: cpu(joining) },
      { measure: `status reads (${BUYERS} waiting)`, value: `${Math.round(reading.perSecond)}/s` },
      { measure: "CPU per status read", value: cpu(reading) },
      {
        measure: `status read p50 / p99 (${LATENCY_IN_FLIGHT} in flight)`,
        value: `${round(percentile(latencies, 50))} / ${round(statusP99)} ms`,
      },
      {
        measure: `opening: ${SEATS} seats`,
        value: `${admitted} admitted, ${reserved} reserved in ${round(openingSeconds)} s`,
      },
      { measure: "last buyers told sold out", value: `${toldSoldOut} of ${stillWaiting.length}` },
      { measure: "fairness inversions", value: String(inversions) },
      { measure: "admitted beyond inventory", value: String(over) },
    ]);
    const joinsVsSet = joining.perSecond / set.perSecond;
    console.log(
      `ratios: joins/s vs redis SET/s = ${joinsVsSet.toFixed(2)} (target >= 0.3); ` +
        `${((performance.now() - started) / 1_000).toFixed(1)} s`,
    );
    console.log(
      JSON.stringify({
        bench: "waiting-room",
        ratios: {
          joins_vs_redis_set: round(joinsVsSet),
          status_reads_vs_redis_set: round(reading.perSecond / set.perSecond),
        },
        status_p99_ms: round(statusP99),
        fairness_inversions: inversions,
        over_admitted: over,
        buyers: BUYERS,
        joins_per_s: Math.round(joining.perSecond),
        status_reads_per_s: Math.round(reading.perSecond),
        redis_set_per_s: Math.round(set.perSecond),
        status_p50_ms: round(percentile(latencies, 50)),
        cpu_us: {
          redis_per_set: round(set.cpuMicros),
          redis_per_join: round(joining.redisCpuMicros),
          node_per_join: round(joining.nodeCpuMicros),
          redis_per_status: round(reading.redisCpuMicros),
          node_per_status: round(reading.nodeCpuMicros),
        },
        seats: SEATS,
        reserved,
        told_sold_out: toldSoldOut === stillWaiting.length,
      }),
    );
  } finally {
    await Promise.all(rooms.map((r) => r.close()));
    for (const client of clients) client.destroy();
    await redis.stop();
  }
}

await main();
