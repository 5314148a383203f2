// Benchmark of @ticketing/waiting-room on a Redis it starts itself (nothing else touches it): joins/s filling a line
// of 100,000 buyers, status reads/s and their p99 with the line full, then an opening that sells the seats out with
// admitted buyers verifying their token and reserving or abandoning. Joins and reads come from several app
// instances (worker threads, each with its own connection), as a fleet's would. The physical ceiling is the same
// Redis's own `redis-benchmark -t set`, measured in the same run; the CPU each operation costs Redis and Node is
// printed too (machine load skews throughput, much less CPU per operation).
// Run: `npx nx run waiting-room:bench` (env BUYERS, SEATS, INSTANCES, IN_FLIGHT to change the sizes).
// The last line printed is one JSON object for scripts.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { createClient } from "@redis/client";
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark measures the built package, as users get it
import { createWaitingRoom, type TickResult } from "@ticketing/waiting-room";
import { startRedis } from "@ticketing/testing";
import { identity, pool, type InstanceData, type InstanceReply, type InstanceTask } from "./app-instance.ts";
import { countInversions, type JoinRecord } from "./fairness.ts";
import { percentile, printTable } from "./report.ts";

const run = promisify(execFile);
const BUYERS = Number(process.env.BUYERS ?? 100_000);
const SEATS = Number(process.env.SEATS ?? 5_000);
const INSTANCES = Number(process.env.INSTANCES ?? Math.max(2, Math.min(4, availableParallelism())));
const PRE_QUEUE = Math.floor(BUYERS / 10);
/** Calls in flight per instance while throughput is measured. */
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 128);
const STATUS_READS = Math.min(BUYERS, 100_000);
/** Reads in flight while latency is measured: a busy app instance's share, not a saturated Redis's queue. */
const LATENCY_IN_FLIGHT = 16;
const LATENCY_READS = 20_000;
const ABANDON_EVERY = 5;
const OPENS_AT = Date.UTC(2030, 5, 1, 19, 0, 0);
const SECRET = "bench-secret-of-at-least-32-bytes-0123456789";

type InfoClient = { info(section: string): Promise<string> };

/** The Redis server's CPU time so far (user + system, INFO cpu), in µs. */
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

/** The app instances: worker threads sharing the bench's clock. */
async function startInstances(url: string, clock: SharedArrayBuffer) {
  const workers = Array.from({ length: INSTANCES }, (_, index) => {
    const data: InstanceData = {
      url,
      secret: SECRET,
      clock,
      index,
      instances: INSTANCES,
      inFlight: IN_FLIGHT,
    };
    return new Worker(new URL("./app-instance.ts", import.meta.url), { workerData: data });
  });
  await Promise.all(workers.map((worker) => once(worker, "online")));
  const all = async (task: InstanceTask): Promise<InstanceReply[]> =>
    Promise.all(
      workers.map(async (worker) => {
        const reply = once(worker, "message");
        worker.postMessage(task);
        return (await reply)[0] as InstanceReply;
      }),
    );
  const close = async () => {
    await Promise.all(workers.map((worker) => (worker.postMessage({ kind: "close" }), once(worker, "exit"))));
  };
  return { all, close };
}

async function main(): Promise<void> {
  const started = performance.now();
  const redis = await startRedis({ persistence: "none" });
  const clock = new SharedArrayBuffer(8);
  const now = new Float64Array(clock);
  now[0] = OPENS_AT - 3_600_000;
  let available = SEATS;
  const clients = await Promise.all(
    [0, 1].map(async () => {
      const client = createClient({ url: redis.url });
      client.on("error", () => {});
      await client.connect();
      return client;
    }),
  );
  const rooms = clients.map((client) =>
    createWaitingRoom({
      redis: client,
      secret: SECRET,
      inventory: () => available,
      tickMs: 0,
      joinsPerIp: false,
      clock: () => now[0]!,
    }),
  );
  const [room] = rooms as [(typeof rooms)[number]];
  const instances = await startInstances(redis.url, clock);
  try {
    const set = await redisSet(redis.port, clients[0]!);
    // Warm-up: a line of the same size, filled and removed, so that the measured joins reuse memory Redis already
    // has instead of paying the first touch of every new page (which a virtual machine makes slow, and which a
    // Redis that has been running for a while no longer pays).
    await room.configure("warm-up", { opensAt: OPENS_AT - 7_200_000, admitPerSecond: 1 });
    await instances.all({ kind: "join", eventId: "warm-up", from: 0, to: BUYERS });
    await room.remove("warm-up");
    await room.configure("bench", { opensAt: OPENS_AT, admitPerSecond: 50_000, burst: 1_000 });

    // 1. Joins: a tenth before the opening (the pre-queue), the rest after it.
    const joining = await measure(clients[0]!, BUYERS, async () => {
      const early = await instances.all({ kind: "join", eventId: "bench", from: 0, to: PRE_QUEUE });
      now[0] = OPENS_AT;
      const late = await instances.all({ kind: "join", eventId: "bench", from: PRE_QUEUE, to: BUYERS });
      return [...early, ...late];
    });
    const joins: JoinRecord[] = joining.result.flatMap((reply) =>
      Array.from(reply.indexes, (i, k) => ({
        identity: identity(i),
        sentAt: reply.sentAt[k]!,
        answeredAt: reply.answeredAt[k]!,
        preQueue: reply.preQueue[k] === 1,
      })),
    );

    // 2. Status reads with the whole line waiting: throughput from every instance, then latency from one client.
    const reading = await measure(clients[0]!, STATUS_READS, () =>
      instances.all({ kind: "status", eventId: "bench", count: STATUS_READS / INSTANCES, buyers: BUYERS }),
    );
    const latencies = await pool(LATENCY_READS, LATENCY_IN_FLIGHT, (i) =>
      room.status("bench", identity((i * 7_919) % BUYERS)),
    );

    // 3. The opening: two instances run admission steps; each admitted buyer verifies its token and reserves a
    // seat (or abandons), until the seats are gone and every decision is in.
    const order: string[] = [];
    let overAdmitted = 0;
    let capBreaches = 0;
    let reserved = 0;
    const decide = async (step: TickResult, instance: number) => {
      step.admitted.forEach((name, i) => (order[step.admittedTotal - step.admitted.length + i] = name));
      if (step.admitted.length > 0 && step.undecided > step.seats) capBreaches += 1;
      const r = rooms[instance]!;
      await Promise.all(
        step.admitted.map(async (name) => {
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
      now[0] = now[0]! + 20;
      const steps = await Promise.all(rooms.map((r) => r.tick("bench")));
      await Promise.all(steps.map((step, instance) => decide(step, instance)));
      last = steps.at(-1);
    }
    const openingSeconds = (performance.now() - openingStarted) / 1_000;
    const admitted = order.filter((name) => name !== undefined).length;
    const stillWaiting = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => room.status("bench", identity(BUYERS - 1 - i * 13))),
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
        measure: `joins (${BUYERS} buyers, ${INSTANCES} instances × ${IN_FLIGHT} in flight)`,
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
        instances: INSTANCES,
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
    await instances.close();
    await Promise.all(rooms.map((r) => r.close()));
    for (const client of clients) client.destroy();
    await redis.stop();
  }
}

await main();
