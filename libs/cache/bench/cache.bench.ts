// Side-by-side benchmark of @ticketing/cache, bentocache (Redis L2 + Redis bus, ioredis) and cache-manager v7
// (Keyv memory + @keyv/redis) on the same Redis. Run: `npx nx run cache:bench` (REDIS_URL or 127.0.0.1:6379).
// The last line printed is one JSON object for scripts.
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@redis/client";
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark measures the built package, as users get it
import { createCache, type Cache } from "@ticketing/cache";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import { redisBusDriver, redisDriver } from "bentocache/drivers/redis";
import { createCache as createCacheManager } from "cache-manager";
import { Keyv } from "keyv";
import { createKeyv } from "@keyv/redis";
import { median, percentile, printTable, type Row } from "./report.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN = `bench:cache:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
const INSTANCES = 4;
const STAMPEDE_CALLS = 1_000;
const LOADER_MS = 100;
const HIT_ROUNDS = 5;
const HIT_MS = 600;
const L2_CONCURRENCY = 32;
const INVALIDATION_SAMPLES = 500;
const redisUrl = new URL(REDIS_URL);
const ioredisOptions = { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) };

type GetOrLoad = (key: string, loader: () => Promise<unknown>) => Promise<unknown>;
interface Instance {
  getOrLoad: GetOrLoad;
  delete(key: string): Promise<unknown>;
  close(): Promise<void>;
}
interface Library {
  name: "ours" | "bentocache" | "cache-manager";
  /** One app instance with its own connections; `tiers` picks L1+L2, L1 only, or L2 only. */
  instance(prefix: string, tiers: "both" | "l1" | "l2", onInvalidated?: () => void): Promise<Instance>;
}

const ours: Library = {
  name: "ours",
  async instance(prefix, tiers, onInvalidated) {
    const client = createClient({ url: REDIS_URL });
    client.on("error", () => undefined);
    await client.connect();
    const cache: Cache = createCache({
      namespace: "bench",
      prefix,
      redis: tiers === "l1" ? undefined : client,
      l1: tiers === "l2" ? false : { maxEntries: 10_000 },
      ttl: 600_000,
    });
    await cache.ready();
    if (onInvalidated) cache.on("cache:invalidated", (e) => e.source === "remote" && onInvalidated());
    return {
      getOrLoad: (key, loader) => cache.getOrLoad(key, loader),
      delete: (key) => cache.delete(key),
      close: async () => {
        await cache.close();
        await client.close();
      },
    };
  },
};

const bentocache: Library = {
  name: "bentocache",
  async instance(prefix, tiers, onInvalidated) {
    const emitter = new EventEmitter();
    let store = bentostore();
    if (tiers !== "l2") store = store.useL1Layer(memoryDriver({ maxItems: 10_000 }));
    if (tiers !== "l1") {
      store = store
        .useL2Layer(redisDriver({ connection: ioredisOptions, prefix }))
        .useBus(redisBusDriver({ connection: ioredisOptions }));
    }
    const bento = new BentoCache({
      default: "cache",
      prefix,
      emitter,
      ttl: 600_000,
      stores: { cache: store },
    });
    if (onInvalidated) emitter.on("bus:message:received", onInvalidated);
    await bento.getOrSet({ key: "__warmup", factory: () => 1 });
    return {
      getOrLoad: (key, loader) => bento.getOrSet({ key, factory: loader }),
      delete: (key) => bento.delete({ key }),
      close: () => bento.disconnect(),
    };
  },
};

const cacheManager: Library = {
  name: "cache-manager",
  async instance(prefix, tiers) {
    const stores: Keyv[] = [];
    if (tiers !== "l2") stores.push(new Keyv());
    if (tiers !== "l1") stores.push(createKeyv(REDIS_URL, { namespace: prefix.slice(0, -1) }));
    const cache = createCacheManager({ stores, ttl: 600_000 });
    await cache.wrap("__warmup", async () => 1);
    return {
      getOrLoad: (key, loader) => cache.wrap(key, loader),
      delete: (key) => cache.del(key),
      close: () => cache.disconnect().then(() => undefined),
    };
  },
};

const libraries = [ours, bentocache, cacheManager];

/** (a) 1,000 concurrent misses of one key spread over 4 instances: how many loader calls each library makes. */
async function stampede(library: Library): Promise<number> {
  const prefix = `${RUN}${library.name}:a:`;
  const instances = await Promise.all(
    Array.from({ length: INSTANCES }, () => library.instance(prefix, "both")),
  );
  let calls = 0;
  const loader = async () => {
    calls++;
    await sleep(LOADER_MS);
    return { id: "event-1", seats: 500 };
  };
  await Promise.all(
    Array.from({ length: STAMPEDE_CALLS }, (_, i) => instances[i % INSTANCES]!.getOrLoad("event:1", loader)),
  );
  await Promise.all(instances.map((instance) => instance.close()));
  return calls;
}

/**
 * (b) Hits per second on one tier: sequential awaits for L1, L2_CONCURRENCY workers for L2. Libraries take turns
 * round by round so that a noisy neighbour hits them alike; the median round counts.
 */
async function hits(tier: "l1" | "l2"): Promise<Record<string, number>> {
  const keys = Array.from({ length: 100 }, (_, i) => `event:${i}`);
  const value = { id: "event", eventName: "Concert", totalSeats: 5000, availableSeats: 1234, maxPerUser: 4 };
  const loader = async () => value;
  const instances = new Map<string, Instance>();
  for (const library of libraries) {
    const instance = await library.instance(`${RUN}${library.name}:b${tier}:`, tier);
    for (const key of keys) await instance.getOrLoad(key, loader);
    instances.set(library.name, instance);
  }
  const rates = new Map<string, number[]>(libraries.map((library) => [library.name, []]));
  for (let round = 0; round < HIT_ROUNDS; round++) {
    for (const [name, instance] of instances) {
      let ops = 0;
      const started = performance.now();
      const deadline = started + HIT_MS;
      // Each worker walks the keys from its own offset so that concurrent reads are of different keys (no library
      // gets to coalesce them).
      const worker = async (offset: number) => {
        let n = offset * 3;
        while (performance.now() < deadline) {
          for (let i = 0; i < 64; i++) await instance.getOrLoad(keys[n++ % keys.length]!, loader);
          ops += 64;
        }
      };
      await Promise.all(Array.from({ length: tier === "l1" ? 1 : L2_CONCURRENCY }, (_, w) => worker(w)));
      rates.get(name)!.push(ops / ((performance.now() - started) / 1_000));
    }
  }
  await Promise.all([...instances.values()].map((instance) => instance.close()));
  return Object.fromEntries([...rates].map(([name, values]) => [name, median(values)]));
}

/** (c) Time from delete() on one instance until another instance has dropped its L1 copy. */
async function invalidation(library: Library): Promise<{ p50: number; p99: number } | undefined> {
  if (library.name === "cache-manager") return undefined;
  const prefix = `${RUN}${library.name}:c:`;
  let notify: (() => void) | undefined;
  const writer = await library.instance(prefix, "both");
  const reader = await library.instance(prefix, "both", () => notify?.());
  const samples: number[] = [];
  for (let i = 0; i < INVALIDATION_SAMPLES; i++) {
    const key = `event:${i}`;
    await writer.getOrLoad(key, async () => i);
    await reader.getOrLoad(key, async () => i);
    await sleep(2);
    const seen = new Promise<number>((resolve) => (notify = () => resolve(performance.now())));
    const started = performance.now();
    await writer.delete(key);
    const at = await Promise.race([seen, sleep(1_000).then(() => Number.NaN)]);
    notify = undefined;
    samples.push(at - started);
  }
  await Promise.all([writer.close(), reader.close()]);
  const received = samples.filter((s) => !Number.isNaN(s));
  return { p50: percentile(received, 50), p99: percentile(received, 99) };
}

async function main(): Promise<void> {
  const started = performance.now();
  const rows: Row[] = [];
  const loaderCalls: Record<string, number> = {};
  const inval: Record<string, { p50: number; p99: number } | undefined> = {};
  for (const library of libraries) loaderCalls[library.name] = await stampede(library);
  const l1 = await hits("l1");
  const l2 = await hits("l2");
  for (const library of libraries) inval[library.name] = await invalidation(library);

  const bestPeer = (table: Record<string, number>) => Math.max(table.bentocache!, table["cache-manager"]!);
  const ratios = {
    l1_hit_vs_best_peer: l1.ours! / bestPeer(l1),
    l2_hit_vs_best_peer: l2.ours! / bestPeer(l2),
  };
  for (const library of libraries) {
    const name = library.name;
    rows.push({
      library: name,
      "(a) loader calls": String(loaderCalls[name]),
      "(b) L1 hits/s": `${Math.round(l1[name]!).toLocaleString("en-US")} (${(l1[name]! / l1.ours!).toFixed(2)}x ours)`,
      "(b) L2 hits/s": `${Math.round(l2[name]!).toLocaleString("en-US")} (${(l2[name]! / l2.ours!).toFixed(2)}x ours)`,
      "(c) invalidation p50/p99 ms": inval[name]
        ? `${inval[name].p50.toFixed(2)} / ${inval[name].p99.toFixed(2)}`
        : "n/a (no bus)",
    });
  }
  console.log(
    `\n@ticketing/cache vs peers — ${INSTANCES} instances, ${STAMPEDE_CALLS} concurrent misses, Redis ${REDIS_URL}`,
  );
  printTable(rows);
  console.log(
    `ratios: L1 hits ours/best peer = ${ratios.l1_hit_vs_best_peer.toFixed(2)} (target ≥ 1), L2 hits ours/best peer = ${ratios.l2_hit_vs_best_peer.toFixed(2)} (target ≥ 1), ` +
      `loader calls ours = ${loaderCalls.ours} (target 1), invalidation p99 = ${inval.ours!.p99.toFixed(2)} ms (target < 5); ${((performance.now() - started) / 1_000).toFixed(1)} s`,
  );
  console.log(
    JSON.stringify({
      bench: "cache",
      loader_calls: loaderCalls,
      ratios: {
        l1_hit_vs_best_peer: round(ratios.l1_hit_vs_best_peer),
        l2_hit_vs_best_peer: round(ratios.l2_hit_vs_best_peer),
      },
      invalidation_p99_ms: round(inval.ours!.p99),
      invalidation_p50_ms: round(inval.ours!.p50),
      hits_per_s: { l1: mapValues(l1, Math.round), l2: mapValues(l2, Math.round) },
      bentocache_invalidation_p99_ms: inval.bentocache ? round(inval.bentocache.p99) : null,
    }),
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function mapValues(table: Record<string, number>, fn: (value: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, fn(value)]));
}

await main();
