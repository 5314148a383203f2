// One torture worker process: `workers` loops that lock random resources on every target and write through the
// driver's fenced store inside each critical section, reporting every grant, extension, loss and release.
// Started by driver.ts with `node --import ../children/register.mjs worker.ts '<WorkerConfig JSON>'`.
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@redis/client";
import {
  type LockManager,
  RedisLocks,
  RedlockLocks,
  type AcquireOptions,
  type Lock,
} from "../../src/index.js";
import type { FromWorker, Mode, Target, ToWorker, WorkerConfig, WorkerEvent } from "./protocol.js";

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const send = (message: FromWorker) => process.send?.(message);
const report = (event: WorkerEvent) => send({ type: "event", event });

const clients: { destroy(): void }[] = [];
async function client(url: string) {
  const connection = createClient({ url, socket: { reconnectStrategy: () => 50, connectTimeout: 2_000 } });
  connection.on("error", () => {});
  clients.push(connection);
  await connection.connect();
  return connection;
}

const locks: Record<Target, LockManager> = {
  aof: new RedisLocks({ client: await client(config.urls.aof), localPass: config.localPass }),
  volatile: new RedisLocks({ client: await client(config.urls.volatile), localPass: config.localPass }),
  redlock: new RedlockLocks({
    clients: await Promise.all(config.urls.redlock.map(client)),
    retryDelayMs: 20,
    retryJitterMs: 30,
  }),
};
for (const instance of Object.values(locks)) {
  instance.on("lock:extended", ({ token, expiresAt }) =>
    report({ type: "extended", token, at: Date.now(), expiresAt }),
  );
  instance.on("lock:lost", ({ token, reason }) => report({ type: "lost", token, at: Date.now(), reason }));
}

let writes = 0;
const pendingWrites = new Map<number, (accepted: boolean) => void>();
let stopping = false;
process.on("message", (message: ToWorker) => {
  if (message.type === "written") pendingWrites.get(message.id)?.(message.accepted);
  else stopping = true;
});
process.on("disconnect", () => process.exit(0));

function write(target: Target, resource: string, lock: Lock, fence: number): Promise<boolean> {
  const id = writes++;
  return new Promise((resolve) => {
    pendingWrites.set(id, (accepted) => {
      pendingWrites.delete(id);
      resolve(accepted);
    });
    send({ type: "write", id, target, resource, token: lock.token, fence, sentAt: Date.now() });
  });
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function section(): Promise<void> {
  const target = pick(["aof", "volatile", "redlock"] as const);
  const roll = Math.random();
  let mode: Mode = roll < 0.55 ? "mutex" : roll < 0.75 ? "multi" : roll < 0.9 ? "semaphore" : "try";
  if (mode === "semaphore" && target === "redlock") mode = "mutex";
  const ttlMs = random(target === "redlock" ? 500 : 300, 1_500);
  const waitMs = random(200, 3_000);
  const autoExtend = mode !== "semaphore" && Math.random() < 0.15;
  const options: AcquireOptions = { ttlMs, waitMs, autoExtend };
  let resources: string[];
  if (mode === "multi") {
    const count = random(2, 3);
    resources = [...config.mutexes].sort(() => Math.random() - 0.5).slice(0, count);
  } else if (mode === "semaphore") {
    resources = [pick(config.semaphores)];
    options.limit = config.semaphoreLimit;
    options.permits = random(1, 2);
  } else resources = [pick(config.mutexes)];
  const askedAt = Date.now();
  let lock: Lock | null;
  try {
    lock =
      mode === "try"
        ? await locks[target].tryAcquire(resources, options)
        : await locks[target].acquire(resources, options);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "E_UNKNOWN";
    report({ type: "failed", target, mode, code, askedAt, at: Date.now(), waitMs });
    return;
  }
  if (!lock) {
    report({ type: "failed", target, mode, code: "busy", askedAt, at: Date.now(), waitMs: 0 });
    return;
  }
  report({
    type: "acquired",
    token: lock.token,
    target,
    mode,
    resources: [...lock.resources],
    fences: [...lock.fences],
    limit: options.limit ?? 1,
    permits: options.permits ?? 1,
    askedAt,
    at: Date.now(),
    expiresAt: lock.expiresAt,
  });
  const behaviour = Math.random();
  if (autoExtend) await sleep(random(ttlMs / 2, ttlMs * 1.5));
  else if (behaviour < 0.06) {
    // A holder that stalls past its TTL (a GC pause, a stopped VM), then writes as if it still held the lock.
    await sleep(ttlMs * 1.3);
  } else if (behaviour < 0.12) await lock.extend(ttlMs).catch(() => {});
  if (mode !== "semaphore")
    for (const [i, resource] of lock.resources.entries())
      await write(target, resource, lock, lock.fences[i] as number);
  await sleep(random(0, 20));
  if (behaviour > 0.97 && !autoExtend) return; // abandoned: left to expire, never released
  report({ type: "released", token: lock.token, at: Date.now() });
  await lock.release();
}

async function loop(): Promise<void> {
  while (!stopping) await section().catch(() => sleep(10));
}

send({ type: "ready" });
await Promise.all(Array.from({ length: config.workers }, loop));
await Promise.all(Object.values(locks).map((instance) => instance.close()));
for (const connection of clients) connection.destroy();
process.disconnect?.();
