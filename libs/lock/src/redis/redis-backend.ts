import { randomBytes } from "node:crypto";
import type { AcquireReply, Handoff, LockBackend, TransferReply } from "../backend.js";
import type { LockRedisClient, LockRedisSubscriber } from "../types.js";
import { acquireArgs, releaseArgs, type Acquisition, type BatchArgs, type Call } from "./batch-args.js";
import { mutexKeys, resourceKey, semaphoreKeys } from "./keys.js";
import { GroupCommit } from "./group-commit.js";
import type { Script } from "./script.js";
import { scripts } from "./scripts.js";

/** Most acquisitions or releases sent in one script call. */
const MAX_BATCH = 64;

/** A connection `duplicate()` opened for batches; node-redis clients have all of it. */
type BatchConnection = LockRedisSubscriber & Pick<LockRedisClient, "evalSha" | "eval">;

/** One Redis (or one Redis Cluster): each operation is one script on the slot of the resource. */
export class RedisBackend implements LockBackend {
  readonly #client: LockRedisClient;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #driftFactor: number;
  #subscriber: LockRedisSubscriber | undefined;
  #onHandoff: ((handoff: Handoff) => void) | undefined;
  readonly #acquires: GroupCommit<Acquisition, unknown>;
  readonly #releases: GroupCommit<Call, unknown>;
  #second: BatchConnection | undefined;
  #wantsSecond: boolean;
  #useSecond = false;
  /** Batches in flight on the caller's client and on the second connection. */
  #onClient = 0;
  #onSecond = 0;

  /**
   * With `secondConnection`, batches are shared between the caller's client and one duplicate connection: with two
   * batches in flight, this process builds one while Redis runs the other, instead of taking turns.
   */
  constructor(client: LockRedisClient, prefix: string, driftFactor: number, secondConnection = false) {
    this.#client = client;
    // A cluster routes a script by its first key, so there each call travels alone.
    const cluster = "masters" in client;
    const maxBatch = cluster ? 1 : secondConnection ? MAX_BATCH / 2 : MAX_BATCH;
    this.#wantsSecond = secondConnection && !cluster;
    this.#acquires = new GroupCommit(
      (calls) => this.#batch(scripts.mutex.acquire, scripts.mutex.acquireOne, calls, acquireArgs),
      maxBatch,
    );
    this.#releases = new GroupCommit(
      (calls) => this.#batch(scripts.mutex.release, scripts.mutex.releaseOne, calls, releaseArgs),
      maxBatch,
    );
    this.#prefix = prefix;
    this.#channel = `${prefix}wake:${randomBytes(8).toString("hex")}`;
    this.#driftFactor = driftFactor;
  }

  async acquire(
    resource: string,
    token: string,
    ttlMs: number,
    waitMs: number,
    limit: number,
    waiterId: string,
  ): Promise<AcquireReply> {
    let reply: unknown;
    if (limit === 1) {
      const slot = this.#acquires.push({ resource, token, ttlMs, waitMs: Math.ceil(waitMs), waiterId });
      reply = (await slot.replies)[slot.index];
    } else
      reply = await scripts.semaphore.acquire.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        String(ttlMs),
        String(Math.ceil(waitMs)),
        waiterId,
        this.#channel,
        String(limit),
      ]);
    // A bare number is the fence of a fresh mutex grant: the full ttl, nobody queued.
    if (typeof reply === "number") return { acquired: true, fence: reply, ttlMs, queued: 0 };
    const [acquired, a, b, queued] = reply as [number, number, number, number | undefined];
    return acquired === 1
      ? { acquired: true, fence: a, ttlMs: b, ...(queued === undefined ? {} : { queued }) }
      : { acquired: false, retryInMs: Math.max(a, 1), storeNow: b };
  }

  async release(resource: string, token: string, limit: number): Promise<boolean> {
    let reply: unknown;
    if (limit === 1) {
      const slot = this.#releases.push({ resource, token });
      reply = (await slot.replies)[slot.index];
    } else
      reply = await scripts.semaphore.release.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        String(limit),
      ]);
    if (typeof reply === "string") {
      // The next waiter listens on this instance's channel: the script returned its hand-off instead of publishing
      // it, which saves the store a PUBLISH and the waiter the pub/sub hop.
      this.#deliver(reply);
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
    const keys = mutexKeys(this.#prefix, resource);
    const [outcome, queued] = (await scripts.mutex.transfer.run(this.#client, keys.slice(0, 3), [
      from,
      to,
      String(ttlMs),
      String(fence),
    ])) as [number, number?];
    // The counter had moved on (only a semaphore sharing the name does that): the pass is void, release as usual.
    if (outcome === -1) await this.release(resource, from, 1);
    return { owned: outcome === 1, queued: queued ?? 1 };
  }

  #deliver(message: string): void {
    const [waiterId, fence, storeNow, ttlMs, queued] = message.split(" ");
    if (waiterId === undefined) return;
    this.#onHandoff?.({
      waiterId,
      fence: Number(fence),
      storeNow: Number(storeNow),
      ttlMs: Number(ttlMs),
      ...(queued === undefined ? {} : { queued: Number(queued) }),
    });
  }

  async extend(resource: string, token: string, ttlMs: number, limit: number): Promise<boolean> {
    let reply: unknown;
    if (limit === 1) {
      reply = await scripts.mutex.extend.run(
        this.#client,
        [resourceKey(this.#prefix, resource)],
        [token, String(ttlMs)],
      );
    } else {
      const [holders, , , , fences] = semaphoreKeys(this.#prefix, resource) as [
        string,
        string,
        string,
        string,
        string,
      ];
      reply = await scripts.semaphore.extend.run(this.#client, [holders, fences], [token, String(ttlMs)]);
    }
    return reply === 1;
  }

  async cancel(resource: string, token: string, limit: number): Promise<void> {
    if (limit === 1) await scripts.mutex.cancel.run(this.#client, mutexKeys(this.#prefix, resource), [token]);
    else
      await scripts.semaphore.cancel.run(this.#client, semaphoreKeys(this.#prefix, resource), [
        token,
        String(limit),
      ]);
  }

  /** Lifts the resource's fence counter to at least `fence`. */
  async raiseFence(resource: string, fence: number): Promise<void> {
    await scripts.raiseFence.run(
      this.#client,
      [mutexKeys(this.#prefix, resource)[1] as string],
      [String(fence)],
    );
  }

  async listen(onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void> {
    this.#onHandoff = onHandoff;
    const subscriber = this.#client.duplicate();
    this.#subscriber = subscriber;
    // Errors surface through reconnects and re-checks; an unhandled 'error' event would crash the process.
    subscriber.on("error", () => {});
    await subscriber.connect();
    await subscriber.subscribe(this.#channel, (message) => this.#deliver(message));
    // Hand-offs published while the subscriber was reconnecting are lost: every waiter re-checks instead.
    subscriber.on("ready", onResync);
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

  async #batch<C extends Call>(
    script: Script,
    one: Script,
    calls: C[],
    batchArgs: BatchArgs<C>,
  ): Promise<unknown[]> {
    const second = this.#secondFor(calls.length);
    if (second) this.#onSecond++;
    else this.#onClient++;
    try {
      return await this.#send(second ?? this.#client, script, one, calls, batchArgs);
    } finally {
      if (second) this.#onSecond--;
      else this.#onClient--;
    }
  }

  async #send<C extends Call>(
    client: Pick<LockRedisClient, "evalSha" | "eval">,
    script: Script,
    one: Script,
    calls: C[],
    batchArgs: BatchArgs<C>,
  ): Promise<unknown[]> {
    const args = [this.#channel];
    // A batch of one (the usual case without contention) skips the batch script's loop and reply array.
    if (calls.length === 1) {
      const call = calls[0] as C;
      batchArgs.one(args, call);
      return [await one.run(client, mutexKeys(this.#prefix, call.resource), args)];
    }
    // The batch scripts derive each resource's other keys from its lock key: a quarter of the key bytes.
    const keys = calls.map((call) => resourceKey(this.#prefix, call.resource));
    batchArgs.many(args, calls);
    return (await script.run(client, keys, args)) as unknown[];
  }

  driftMs(ttlMs: number): number {
    return Math.ceil(ttlMs * this.#driftFactor) + 2;
  }

  async close(): Promise<void> {
    const owned = [this.#subscriber, this.#second];
    this.#subscriber = undefined;
    this.#second = undefined;
    await Promise.all(
      owned.map(async (connection) => {
        if (!connection) return;
        try {
          await connection.close();
        } catch {
          connection.destroy();
        }
      }),
    );
  }
}
