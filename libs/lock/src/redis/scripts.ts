import { arrayReply, defineScript, integerReply } from "@ticketing/redis-script";
import queue from "./lua/queue.lua";
import mutex from "./lua/mutex.lua";
import mutexAcquire from "./lua/mutex-acquire.lua";
import mutexAcquireOne from "./lua/mutex-acquire-one.lua";
import mutexCancel from "./lua/mutex-cancel.lua";
import mutexExtend from "./lua/mutex-extend.lua";
import mutexInspect from "./lua/mutex-inspect.lua";
import mutexRelease from "./lua/mutex-release.lua";
import mutexReleaseOne from "./lua/mutex-release-one.lua";
import mutexTransfer from "./lua/mutex-transfer.lua";
import raiseFence from "./lua/raise-fence.lua";
import semaphore from "./lua/semaphore.lua";
import semaphoreAcquire from "./lua/semaphore-acquire.lua";
import semaphoreCancel from "./lua/semaphore-cancel.lua";
import semaphoreExtend from "./lua/semaphore-extend.lua";
import semaphoreInspect from "./lua/semaphore-inspect.lua";
import semaphoreRelease from "./lua/semaphore-release.lua";

const mutexLib = `${queue}\n${mutex}\n`;
const semaphoreLib = `${queue}\n${semaphore}\n`;
const MUTEX = ["lock", "fence", "queue", "waiters"];
const SEMAPHORE = ["holders", "fence", "queue", "waiters", "fences"];

/** A mutex acquisition: the bare fence of a fresh grant, or [1, fence, ttl, queued] / [0, retryIn, storeNow]. */
export type AcquireOutcome = number | [number, number, number, number?];
/** A mutex release: 0 (not the owner), 1 (released), or the hand-off message for a waiter of the caller's instance. */
export type ReleaseOutcome = number | string;

function acquireOutcome(raw: unknown): AcquireOutcome {
  if (typeof raw === "number" || Array.isArray(raw)) return raw as AcquireOutcome;
  throw new TypeError(`expected a fence or an array, got ${typeof raw}`);
}

function releaseOutcome(raw: unknown): ReleaseOutcome {
  if (typeof raw === "number" || typeof raw === "string") return raw;
  throw new TypeError(`expected 0, 1 or a message, got ${typeof raw}`);
}

export const scripts = {
  mutex: {
    acquire: defineScript({
      name: "lock:mutex-acquire",
      source: mutexLib + mutexAcquire,
      keys: MUTEX,
      repeatKeys: true,
      reply: (raw) => arrayReply(raw).map(acquireOutcome),
    }),
    acquireOne: defineScript({
      name: "lock:mutex-acquire-one",
      source: mutexLib + mutexAcquireOne,
      keys: MUTEX,
      reply: acquireOutcome,
    }),
    release: defineScript({
      name: "lock:mutex-release",
      source: mutexLib + mutexRelease,
      keys: MUTEX,
      repeatKeys: true,
      reply: (raw) => arrayReply(raw).map(releaseOutcome),
    }),
    releaseOne: defineScript({
      name: "lock:mutex-release-one",
      source: mutexLib + mutexReleaseOne,
      keys: MUTEX,
      reply: releaseOutcome,
    }),
    transfer: defineScript({
      name: "lock:mutex-transfer",
      source: mutexTransfer,
      keys: ["lock", "fence", "queue"],
      reply: (raw) => arrayReply(raw) as [number, number?],
    }),
    extend: defineScript({
      name: "lock:mutex-extend",
      source: mutexExtend,
      keys: ["lock"],
      reply: integerReply,
    }),
    cancel: defineScript({
      name: "lock:mutex-cancel",
      source: mutexLib + mutexCancel,
      keys: MUTEX,
      reply: releaseOutcome,
    }),
    inspect: defineScript({
      name: "lock:mutex-inspect",
      source: `${queue}\n${mutexInspect}`,
      keys: ["lock", "fence", "waiters"],
      reply: (raw) => arrayReply(raw) as [string | null, number, number, number],
    }),
  },
  semaphore: {
    acquire: defineScript({
      name: "lock:semaphore-acquire",
      source: semaphoreLib + semaphoreAcquire,
      keys: SEMAPHORE,
      reply: (raw) => arrayReply(raw) as [number, number, number],
    }),
    release: defineScript({
      name: "lock:semaphore-release",
      source: semaphoreLib + semaphoreRelease,
      keys: SEMAPHORE,
      reply: integerReply,
    }),
    extend: defineScript({
      name: "lock:semaphore-extend",
      source: semaphoreLib + semaphoreExtend,
      keys: ["holders", "fences"],
      reply: integerReply,
    }),
    cancel: defineScript({
      name: "lock:semaphore-cancel",
      source: semaphoreLib + semaphoreCancel,
      keys: SEMAPHORE,
      reply: integerReply,
    }),
    inspect: defineScript({
      name: "lock:semaphore-inspect",
      source: semaphoreLib + semaphoreInspect,
      keys: ["holders", "fence", "waiters", "fences"],
      reply: (raw) => arrayReply(raw) as (string | number)[],
    }),
  },
  raiseFence: defineScript({
    name: "lock:raise-fence",
    source: raiseFence,
    keys: ["fence"],
    reply: integerReply,
  }),
} as const;
