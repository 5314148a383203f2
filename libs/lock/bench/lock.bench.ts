// npx nx run lock:bench — @ticketing/lock vs node-redlock v5 vs redis-semaphore v5 on the same Redis.
// REDIS_URL (default redis://127.0.0.1:6379); BENCH_MS per scenario per library (default 3000). Only keys under a
// unique prefix are written, and they are deleted at the end.
import { createClient } from "@redis/client";
import { bare, ours, redlock, semaphore, unlocked, type Contender } from "./contenders.ts";
import { combine, runScenario, type Result, type Slice } from "./scenario.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const durationMs = Number(process.env.BENCH_MS ?? 3_000);
const SLICES = 3;
const prefix = `bench:lock:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;

const scenarios = [
  { id: "a", title: "(a) 1 worker, distinct keys", workers: 1, shared: false },
  { id: "b", title: "(b) 64 workers, distinct keys", workers: 64, shared: false },
  { id: "c", title: "(c) 64 workers, one key, GET/SET counter", workers: 64, shared: true },
] as const;
const factories = { ours, redlock, semaphore, bare } as const;
type Library = keyof typeof factories;

const store = createClient({ url });
await store.connect();
const results: Record<string, Record<Library, Result>> = {};
let ceiling: Result | undefined;
const libraries = Object.keys(factories) as Library[];
try {
  for (const scenario of scenarios) {
    console.log(`\n${scenario.title}: ${durationMs} ms per library, in ${SLICES} interleaved slices`);
    console.log("library              ops/s    p50 wait ms  p99 wait ms  mutex");
    const contenders = {} as Record<Library, Contender>;
    const slices = Object.fromEntries(libraries.map((library) => [library, [] as Slice[]])) as Record<
      Library,
      Slice[]
    >;
    const run = (library: Library, ms: number, counter: string) =>
      runScenario(contenders[library], {
        workers: scenario.workers,
        durationMs: ms,
        sharedKey: scenario.shared ? "shared" : null,
        counter,
        store,
      });
    for (const library of libraries) {
      contenders[library] = await factories[library](url, `${prefix}${scenario.id}:`);
      // Warm-up (connections, script cache, JIT) outside the measured window.
      await run(library, 300, `${prefix}${scenario.id}:${library}:warm-up-counter`);
    }
    // Interleaving the libraries spreads the load other processes put on a shared machine evenly over all three.
    const ceilingSlices: Slice[] = [];
    const ceilingCounter = `${prefix}${scenario.id}:unlocked:critical-section-counter`;
    for (let slice = 0; slice < SLICES; slice++) {
      for (const library of libraries)
        slices[library].push(
          await run(
            library,
            durationMs / SLICES,
            `${prefix}${scenario.id}:${library}:critical-section-counter`,
          ),
        );
      if (scenario.shared)
        ceilingSlices.push(
          await runScenario(unlocked, {
            workers: 1,
            durationMs: durationMs / SLICES,
            sharedKey: "shared",
            counter: ceilingCounter,
            store,
          }),
        );
    }
    results[scenario.id] = {} as Record<Library, Result>;
    for (const library of libraries) {
      await contenders[library].close();
      const counted = scenario.shared
        ? Number((await store.get(`${prefix}${scenario.id}:${library}:critical-section-counter`)) ?? "0")
        : null;
      const result = combine(slices[library], counted);
      results[scenario.id]![library] = result;
      console.log(
        `${contenders[library].name.padEnd(20)} ${result.opsPerSec.toFixed(0).padStart(7)}  ${result.p50WaitMs
          .toFixed(2)
          .padStart(11)}  ${result.p99WaitMs.toFixed(2).padStart(11)}  ${result.mutexOk ? "ok" : "VIOLATED"}`,
      );
    }
    if (scenario.shared) {
      ceiling = combine(ceilingSlices, Number((await store.get(ceilingCounter)) ?? "0"));
      console.log(
        `${unlocked.name.padEnd(20)} ${ceiling.opsPerSec.toFixed(0).padStart(7)}  (ceiling of (c), not a peer)`,
      );
    }
  }
} finally {
  for await (const keys of store.scanIterator({ MATCH: `*${prefix}*`, COUNT: 1000 }))
    if (keys.length > 0) await store.del(keys);
  await store.close();
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
const r = (id: string) => results[id]!;
const ratios = {
  a_vs_redlock: ratio(r("a").ours.opsPerSec, r("a").redlock.opsPerSec),
  b_vs_redlock: ratio(r("b").ours.opsPerSec, r("b").redlock.opsPerSec),
  c_vs_redlock: ratio(r("c").ours.opsPerSec, r("c").redlock.opsPerSec),
  c_p99_wait_vs_redlock: ratio(r("c").ours.p99WaitMs, r("c").redlock.p99WaitMs),
  a_vs_semaphore: ratio(r("a").ours.opsPerSec, r("a").semaphore.opsPerSec),
  b_vs_semaphore: ratio(r("b").ours.opsPerSec, r("b").semaphore.opsPerSec),
  c_vs_semaphore: ratio(r("c").ours.opsPerSec, r("c").semaphore.opsPerSec),
  c_p99_wait_vs_semaphore: ratio(r("c").ours.p99WaitMs, r("c").semaphore.p99WaitMs),
  // The floor, not a peer: how far the peers and we are from a bare SET NX + compare-and-delete loop.
  b_bare_vs_redlock: ratio(r("b").bare.opsPerSec, r("b").redlock.opsPerSec),
  b_vs_bare: ratio(r("b").ours.opsPerSec, r("b").bare.opsPerSec),
  // The rough ceiling, not a peer: the critical section back to back without a lock (see `unlocked`).
  c_ceiling_vs_redlock: ratio(ceiling!.opsPerSec, r("c").redlock.opsPerSec),
  c_vs_ceiling: ratio(r("c").ours.opsPerSec, ceiling!.opsPerSec),
};
console.log("\nratios (ours / peer; wait ratios: lower is better)");
for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(26)} ${value}`);
const mutexOk = Object.values(results).every((byLibrary) => Object.values(byLibrary).every((x) => x.mutexOk));
const summary = Object.fromEntries(
  Object.entries(results).map(([id, byLibrary]) => [
    id,
    Object.fromEntries(
      Object.entries(byLibrary).map(([library, x]) => [
        library,
        {
          ops_s: Math.round(x.opsPerSec),
          p50_ms: Number(x.p50WaitMs.toFixed(2)),
          p99_ms: Number(x.p99WaitMs.toFixed(2)),
        },
      ]),
    ),
  ]),
);
console.log(
  JSON.stringify({ bench: "lock", mutex_ok: mutexOk, ratios, duration_ms: durationMs, results: summary }),
);
if (!mutexOk) process.exitCode = 1;
