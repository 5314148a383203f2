import { randomBytes } from "node:crypto";
import type { RedisScript } from "@ticketing/redis-script";
import type { AcquireReply, Handoff, LockBackend, Share, StoreState, TransferReply } from "../backend.js";
import type { LockRedisClient, LockRedisSubscriber } from "../types.js";
import { acquireArgs, releaseArgs, type Acquisition, type BatchArgs, type Call } from "./batch-args.js";
import { GroupCommit } from "./group-commit.js";
import { KeyNames, keyBase, mutexKeys, semaphoreKeys } from "./keys.js";
import { scripts, type AcquireOutcome, type ReleaseOutcome } from "./scripts.js";
import { WakeUps } from "./wake-ups.js";

/** Most acquisitions or releases sent in one script call. */
const MAX_BATCH = 64;

/** A connection `duplicate()` opened for batches; node-redis clients have all of it. */
type BatchConnection = LockRedisSubscriber & Pick<LockRedisClient, "evalSha" | "eval">;

/** A cluster client (node-redis `createCluster()`, or `fromIoredis` over an ioredis Cluster) lists its masters. */
export function isCluster(client: LockRedisClient): boolean {
  return "masters" in client;
}

export interface RedisBackendOptions {
  client: LockRedisClient;
  prefix: string;
  driftFactor: number;
  /**
   * Share batches between the caller's client and one duplicate connection: with two batches in flight, this process
   * builds one while Redis runs the other, instead of taking turns.
   */
  secondConnection: boolean;
}

/** One Redis (or one Redis Cluster): each operation is one script on the slot of the resource. */
export class RedisBackend implements LockBackend {
  readonly #client: LockRedisClient;
  readonly #prefix: string;
  readonly #keys: KeyNames;
  readonly #driftFactor: number;
  readonly #cluster: boolean;
  readonly #instance = randomBytes(8).toString("hex");
  /** This instance's wake-up channel on one Redis. */
  readonly #channel: string;
  readonly #wakeUps: WakeUps;
  readonly #acquires: GroupCommit<Acquisition, AcquireOutcome>;
  readonly #releases: GroupCommit<Call, ReleaseOutcome>;
  readonly follow: ((resource: string) => Promise<() => void>) | undefined;
  #second: BatchConnection | undefined;
  #wantsSecond: boolean;
  #useSecond = false;
  /** Batches in flight on the caller's client and on the second connection. */
  #onClient = 0;
  #onSecond = 0;

  constructor({ client, prefix, driftFactor, secondConnection }: RedisBackendOptions) {
    this.#client = client;
    // A cluster routes a script by its first key, so there each call travels alone.
    this.#cluster = isCluster(client);
    const maxBatch = this.#cluster ? 1 : secondConnection ? MAX_BATCH / 2 : MAX_BATCH;
    this.#wantsSecond = secondConnection && !this.#cluster;
    this.#acquires = new GroupCommit(
      (calls) => this.#batch(scripts.mutex.acquire, scripts.mutex.acquireOne, calls, acquireArgs),
      maxBatch,
    );
    this.#releases = new GroupCommit(
      (calls) => this.#batch(scripts.mutex.release, scripts.mutex.releaseOne, calls, releaseArgs),
      maxBatch,
    );
    this.#prefix = prefix;
    this.#keys = new KeyNames(prefix);
    this.#channel = `${prefix}wake:${this.#instance}`;
    this.#wakeUps = new WakeUps(client, this.#channel);
    this.#driftFactor = driftFactor;
    this.follow = this.#cluster ? (resource) => this.#wakeUps.follow(this.#channelFor(resource)) : undefined;
  }

  /** Where this instance hears hand-offs for `resource`: a shard channel in its slot on a cluster. */
  #channelFor(resource: string): string {
    return this.#cluster ? `${keyBase(this.#prefix, resource)}:wake:${this.#instance}` : this.#channel;
  }

  async acquire(
    resource: string,
    token: string,
    ttlMs: number,
    waitMs: number,
    { limit, permits }: Share,
    waiterId: string,
  ): Promise<AcquireReply> {
    let reply: AcquireOutcome;
    if (limit === 1) {
      const slot = this.#acquires.push({ resource, token, ttlMs, waitMs: Math.ceil(waitMs), waiterId });
      reply = (await slot.replies)[slot.index] as AcquireOutcome;
    } else
      reply = await scripts.semaphore.acquire.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        ttlMs,
        Math.ceil(waitMs),
        waiterId,
        this.#channelFor(resource),
        limit,
        permits,
      ]);
    // A bare number is the fence of a fresh mutex grant: the full ttl, nobody queued.
    if (typeof reply === "number") return { acquired: true, fence: reply, ttlMs, queued: 0 };
    const [acquired, a, b, queued] = reply;
    return acquired === 1
      ? { acquired: true, fence: a, ttlMs: b, ...(queued === undefined ? {} : { queued }) }
      : { acquired: false, retryInMs: Math.max(a, 1), storeNow: b };
  }

  async release(resource: string, token: string, { limit, permits }: Share): Promise<boolean> {
    let reply: ReleaseOutcome;
    if (limit === 1) {
      const slot = this.#releases.push({ resource, token });
      reply = (await slot.replies)[slot.index] as ReleaseOutcome;
    } else
      reply = await scripts.semaphore.release.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        limit,
        permits,
      ]);
    return this.#outcome(reply);
  }

  /** 1: released; a string: released and handed to a waiter of this instance, delivered from the reply. */
  #outcome(reply: ReleaseOutcome): boolean {
    if (typeof reply === "string") {
      // The next waiter listens on this instance's channel: the script returned its hand-off instead of publishing
      // it, which saves the store a PUBLISH and the waiter the pub/sub hop.
      this.#wakeUps.deliver(reply);
      return true;
    }
    return reply === 1;
  }

  async transfer(
    resource: string,
    from: string,
    to: string,
    ttlMs: number,
    fence: number,
  ): Promise<TransferReply> {
    const [lock, fenceKey, queue] = this.#keys.mutex(resource);
    const [outcome, queued] = await scripts.mutex.transfer.run(
      this.#client,
      [lock, fenceKey, queue],
      [from, to, ttlMs, fence],
    );
    // The counter had moved on (only a semaphore sharing the name does that): the pass is void, release as usual.
    if (outcome === -1) await this.release(resource, from, { limit: 1, permits: 1 });
    return { owned: outcome === 1, queued: queued ?? 1 };
  }

  async extend(resource: string, token: string, ttlMs: number, { limit, permits }: Share): Promise<boolean> {
    if (limit === 1)
      return (
        (await scripts.mutex.extend.run(this.#client, [keyBase(this.#prefix, resource)], [token, ttlMs])) ===
        1
      );
    const [holders, , , , fences] = semaphoreKeys(this.#prefix, resource);
    return (
      (await scripts.semaphore.extend.run(this.#client, [holders, fences], [token, ttlMs, permits])) === 1
    );
  }

  async cancel(resource: string, token: string, { limit, permits }: Share): Promise<void> {
    if (limit === 1) {
      const keys = mutexKeys(this.#prefix, resource);
      this.#outcome(await scripts.mutex.cancel.run(this.#client, keys, [token, this.#channelFor(resource)]));
    } else
      await scripts.semaphore.cancel.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        limit,
        permits,
      ]);
  }

  async inspect(resource: string, limit: number): Promise<StoreState> {
    if (limit === 1) {
      const [lock, fence, , waiters] = mutexKeys(this.#prefix, resource);
      const [owner, ttlMs, last, queued] = await scripts.mutex.inspect.run(
        this.#client,
        [lock, fence, waiters],
        [],
      );
      return { holders: owner ? [{ token: owner, fence: last, ttlMs, permits: 1 }] : [], queued };
    }
    const [holders, fence, , waiters, fences] = semaphoreKeys(this.#prefix, resource);
    const reply = await scripts.semaphore.inspect.run(this.#client, [holders, fence, waiters, fences], []);
    const state: StoreState = { holders: [], queued: Number(reply[0]) };
    for (let i = 2; i + 3 < reply.length; i += 4)
      state.holders.push({
        token: String(reply[i]),
        ttlMs: Number(reply[i + 1]),
        permits: Number(reply[i + 2]),
        fence: Number(reply[i + 3]),
      });
    return state;
  }

  /** Lifts the resource's fence counter to at least `fence`. */
  async raiseFence(resource: string, fence: number): Promise<void> {
    await scripts.raiseFence.run(this.#client, [`${keyBase(this.#prefix, resource)}:fence`], [fence]);
  }

  listen(onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void> {
    return this.#wakeUps.listen(this.#cluster, onHandoff, onResync);
  }

  #openSecond(): void {
    this.#wantsSecond = false;
    const second = this.#client.duplicate() as Partial<BatchConnection>;
    if (typeof second.evalSha !== "function" || typeof second.eval !== "function") return;
    // Until it is ready (or while it reconnects), every batch goes through the caller's client.
    second.on?.("error", () => {});
    this.#second = second as BatchConnection;
    this.#second.connect().catch(() => {});
  }

  /**
   * The caller's client or the second connection (opened once batches form, used once ready): whichever has fewer
   * batches in flight, by turns when even. A batch queued behind another on the same connection waits for it.
   */
  #secondFor(size: number): BatchConnection | undefined {
    if (size > 1 && this.#wantsSecond) this.#openSecond();
    if (!this.#second?.isReady) return undefined;
    if (this.#onClient !== this.#onSecond) return this.#onSecond < this.#onClient ? this.#second : undefined;
    this.#useSecond = !this.#useSecond;
    return this.#useSecond ? this.#second : undefined;
  }

  async #batch<C extends Call, O>(
    script: RedisScript<O[]>,
    one: RedisScript<O>,
    calls: C[],
    batchArgs: BatchArgs<C>,
  ): Promise<O[]> {
    const second = this.#secondFor(calls.length);
    if (second) this.#onSecond++;
    else this.#onClient++;
    try {
      const client = second ?? this.#client;
      // The wake-up channel: calls batch only on one Redis, where it is the instance's; on a cluster each travels alone.
      const args = [this.#channelFor(calls[0]!.resource)];
      // A batch of one (the usual case without contention) skips the batch script's loop and reply array.
      if (calls.length === 1) {
        const call = calls[0] as C;
        batchArgs.one(args, call);
        return [await one.run(client, this.#keys.mutex(call.resource), args)];
      }
      const keys: string[] = [];
      for (const call of calls) keys.push(...this.#keys.mutex(call.resource));
      batchArgs.many(args, calls);
      return await script.run(client, keys, args);
    } finally {
      if (second) this.#onSecond--;
      else this.#onClient--;
    }
  }

  driftMs(ttlMs: number): number {
    return Math.ceil(ttlMs * this.#driftFactor) + 2;
  }

  async close(): Promise<void> {
    const second = this.#second;
    this.#second = undefined;
    await Promise.all([
      this.#wakeUps.close(),
      (async () => {
        if (!second) return;
        try {
          await second.close();
        } catch {
          second.destroy();
        }
      })(),
    ]);
  }
}
