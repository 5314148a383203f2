import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  startRedis,
  startRedisNodes,
  startTcpProxy,
  type OwnedRedis,
  type TcpProxy,
} from "@ticketing/testing";
import { FencedStore, type AppliedWrite } from "./fenced-store.js";
import type { FromWorker, Target, ToWorker, WorkerConfig, WorkerEvent } from "./protocol.js";

export interface TortureOptions {
  durationMs: number;
  /** The folder of driver.ts and worker.ts (tests/torture). */
  dir: string;
  /** Worker processes running at once. @default 3 */
  processes?: number;
  /** Concurrent lock loops per process. @default 12 */
  workers?: number;
  /** Pause between two faults, ms: a random value in this range. @default [1_000, 2_000] */
  faultEveryMs?: [number, number];
  /** Progress lines. */
  log?: (line: string) => void;
}

export const FAULT_KINDS = [
  "kill-holder",
  "kill-aof-redis",
  "kill-volatile-redis",
  "delay",
  "cut",
  "blackhole",
  "partition-redlock-node",
  "kill-redlock-node",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  at: number;
  /** When the fault ended (server back, proxy healed); equal to `at` for instant ones. */
  until: number;
  detail: string;
}

/** A worker event, with the process that reported it. */
export type Recorded = WorkerEvent & { slot: number; generation: number };

export interface TortureReport {
  startedAt: number;
  endedAt: number;
  events: Recorded[];
  writes: AppliedWrite[];
  faults: Fault[];
  /** When each worker process (slot, generation) was killed -9. */
  processKills: { slot: number; generation: number; at: number }[];
  /** When the Redis without persistence was killed: every lock on it was gone from then on. */
  volatileRestarts: number[];
  mutexes: string[];
  semaphores: string[];
  semaphoreLimit: number;
}

const MUTEXES = ["m0", "m1", "m2", "m3", "m4", "m5"];
const SEMAPHORES = ["s0", "s1"];
const SEMAPHORE_LIMIT = 3;
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

interface Slot {
  proxies: { aof: TcpProxy; volatile: TcpProxy; redlock: TcpProxy[] };
  child: ChildProcess | undefined;
  generation: number;
}

/**
 * Runs worker processes against a Redis with AOF, a Redis without persistence and three Redlock nodes (AOF), each
 * reached through a TCP proxy per process, while injecting one fault after another, round-robin over FAULT_KINDS;
 * returns everything that happened, for check().
 */
export async function runTorture(options: TortureOptions): Promise<TortureReport> {
  const {
    durationMs,
    dir,
    processes = 3,
    workers = 12,
    faultEveryMs = [1_000, 2_000],
    log = () => {},
  } = options;
  const aof = await startRedis({ persistence: "aof" });
  const volatile = await startRedis();
  const nodes = await startRedisNodes(3, { persistence: "aof" });
  const servers: OwnedRedis[] = [aof, volatile, ...nodes];
  const store = new FencedStore();
  const report: TortureReport = {
    startedAt: Date.now(),
    endedAt: 0,
    events: [],
    writes: store.log,
    faults: [],
    processKills: [],
    volatileRestarts: [],
    mutexes: MUTEXES,
    semaphores: SEMAPHORES,
    semaphoreLimit: SEMAPHORE_LIMIT,
  };
  const slots: Slot[] = [];
  let running = true;
  const exits: Promise<void>[] = [];

  const spawnWorker = async (index: number): Promise<void> => {
    const slot = slots[index] as Slot;
    const generation = ++slot.generation;
    const config: WorkerConfig = {
      slot: index,
      generation,
      workers,
      localPass: index % 2 === 0,
      urls: {
        aof: slot.proxies.aof.url,
        volatile: slot.proxies.volatile.url,
        redlock: slot.proxies.redlock.map((proxy) => proxy.url),
      },
      mutexes: MUTEXES,
      semaphores: SEMAPHORES,
      semaphoreLimit: SEMAPHORE_LIMIT,
    };
    const child = spawn(
      process.execPath,
      ["--import", join(dir, "../children/register.mjs"), join(dir, "worker.ts"), JSON.stringify(config)],
      { stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    slot.child = child;
    exits.push(new Promise((resolve) => child.once("exit", () => resolve())));
    const ready = new Promise<void>((resolve) => {
      child.on("message", (message: FromWorker) => {
        if (message.type === "ready") resolve();
        else if (message.type === "event") report.events.push({ ...message.event, slot: index, generation });
        else {
          const accepted = store.write(message);
          if (child.connected) child.send({ type: "written", id: message.id, accepted } satisfies ToWorker);
        }
      });
      child.once("exit", () => resolve());
    });
    await ready;
  };

  try {
    for (let index = 0; index < processes; index++) {
      slots.push({
        proxies: {
          aof: await startTcpProxy({ port: aof.port }),
          volatile: await startTcpProxy({ port: volatile.port }),
          redlock: await Promise.all(nodes.map((node) => startTcpProxy({ port: node.port }))),
        },
        child: undefined,
        generation: 0,
      });
      await spawnWorker(index);
    }
    log(`torture: ${processes} processes x ${workers} workers for ${Math.round(durationMs / 1000)} s`);

    const restartServer = async (server: OwnedRedis, kind: FaultKind, detail: string) => {
      const at = Date.now();
      await server.kill("SIGKILL");
      if (server === volatile) report.volatileRestarts.push(at);
      await sleep(random(200, 800));
      await server.start();
      report.faults.push({ kind, at, until: Date.now(), detail });
    };
    const heal = async (kind: FaultKind, detail: string, apply: () => void, undo: () => void, ms: number) => {
      const at = Date.now();
      apply();
      await sleep(ms);
      undo();
      report.faults.push({ kind, at, until: Date.now(), detail });
    };
    const inject: Record<FaultKind, () => Promise<void>> = {
      "kill-holder": async () => {
        const index = random(0, processes - 1);
        const slot = slots[index] as Slot;
        const at = Date.now();
        report.processKills.push({ slot: index, generation: slot.generation, at });
        slot.child?.kill("SIGKILL");
        await sleep(random(200, 500));
        if (running) await spawnWorker(index);
        report.faults.push({ kind: "kill-holder", at, until: Date.now(), detail: `process ${index}` });
      },
      "kill-aof-redis": () => restartServer(aof, "kill-aof-redis", "Redis with appendfsync always"),
      "kill-volatile-redis": () =>
        restartServer(volatile, "kill-volatile-redis", "Redis without persistence"),
      delay: async () => {
        const slot = random(0, processes - 1);
        const target = pick(["aof", "volatile"] as const);
        const proxy = (slots[slot] as Slot).proxies[target];
        const ms = random(20, 150);
        await heal(
          "delay",
          `${ms} ms, process ${slot} to ${target}`,
          () => proxy.setDelay(ms),
          () => proxy.setDelay(0),
          random(1_000, 2_500),
        );
      },
      cut: async () => {
        const slot = random(0, processes - 1);
        const target = pick(["aof", "volatile"] as const);
        const at = Date.now();
        (slots[slot] as Slot).proxies[target].cut();
        report.faults.push({ kind: "cut", at, until: at, detail: `process ${slot} to ${target}` });
      },
      blackhole: async () => {
        const slot = random(0, processes - 1);
        const target = pick(["aof", "volatile"] as const);
        const proxy = (slots[slot] as Slot).proxies[target];
        await heal(
          "blackhole",
          `process ${slot} to ${target}`,
          () => proxy.partition("blackhole"),
          () => proxy.heal(),
          random(500, 2_000),
        );
      },
      "partition-redlock-node": async () => {
        const slot = random(0, processes - 1);
        const node = random(0, nodes.length - 1);
        const mode = pick(["refuse", "blackhole"] as const);
        const proxy = (slots[slot] as Slot).proxies.redlock[node] as TcpProxy;
        await heal(
          "partition-redlock-node",
          `${mode}, process ${slot} from node ${node}`,
          () => proxy.partition(mode),
          () => proxy.heal(),
          random(1_000, 3_000),
        );
      },
      "kill-redlock-node": async () => {
        const node = random(0, nodes.length - 1);
        await restartServer(nodes[node] as OwnedRedis, "kill-redlock-node", `node ${node}`);
      },
    };

    const until = report.startedAt + durationMs;
    const active: Promise<void>[] = [];
    for (let round = 0; Date.now() < until; round++) {
      const kind = FAULT_KINDS[round % FAULT_KINDS.length] as FaultKind;
      active.push(inject[kind]().catch((error: unknown) => log(`fault ${kind} failed: ${String(error)}`)));
      await sleep(Math.min(random(...faultEveryMs), Math.max(0, until - Date.now())));
    }
    await Promise.all(active);
    running = false;
    for (const slot of slots) {
      slot.proxies.aof.heal();
      slot.proxies.volatile.heal();
      for (const proxy of slot.proxies.redlock) proxy.heal();
      if (slot.child?.connected) slot.child.send({ type: "stop" } satisfies ToWorker);
    }
    // Workers finish their critical sections and release; one that does not within 20 s is killed.
    const stopped = Promise.all(exits);
    if ((await Promise.race([stopped.then(() => true), sleep(20_000).then(() => false)])) === false)
      for (const slot of slots) slot.child?.kill("SIGKILL");
    await stopped;
    report.endedAt = Date.now();
    return report;
  } finally {
    running = false;
    for (const slot of slots) slot.child?.kill("SIGKILL");
    await Promise.all(
      slots.flatMap((slot) =>
        [slot.proxies.aof, slot.proxies.volatile, ...slot.proxies.redlock].map((p) => p.close()),
      ),
    );
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export type { Target };
