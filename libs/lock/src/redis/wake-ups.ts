import type { Handoff } from "../backend.js";
import type { LockRedisClient, LockRedisSubscriber } from "../types.js";

/**
 * The subscriber connection of one RedisLocks instance, which hears the hand-offs addressed to its waiters. On one
 * Redis, all of them travel on the instance's own channel. On a Redis Cluster, they travel on one shard channel per
 * resource (SSUBSCRIBE, in the resource's slot), subscribed while the instance has a wait queued there: the script
 * that hands a lock over can then tell from SPUBLISH's receiver count whether the waiter still listens, which the
 * cluster-wide classic PUBLISH cannot (it counts the receivers of one node only).
 */
export class WakeUps {
  readonly #client: LockRedisClient;
  readonly #channel: string;
  #subscriber: LockRedisSubscriber | undefined;
  #onHandoff: ((handoff: Handoff) => void) | undefined;
  readonly #followed = new Map<string, { waits: number; subscribed: Promise<unknown> }>();

  constructor(client: LockRedisClient, channel: string) {
    this.#client = client;
    this.#channel = channel;
  }

  async listen(sharded: boolean, onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void> {
    this.#onHandoff = onHandoff;
    const subscriber = this.#client.duplicate();
    this.#subscriber = subscriber;
    // Errors surface through reconnects and re-checks; an unhandled 'error' event would crash the process.
    subscriber.on("error", () => {});
    await subscriber.connect();
    if (sharded) {
      if (typeof subscriber.sSubscribe !== "function" || typeof subscriber.sUnsubscribe !== "function")
        throw new TypeError(
          "a cluster client's duplicate() must offer sSubscribe and sUnsubscribe (Redis >= 7)",
        );
    } else await subscriber.subscribe(this.#channel, this.#deliver);
    // Hand-offs published while the subscriber was reconnecting are lost: every waiter re-checks instead.
    subscriber.on("ready", onResync);
  }

  /** Subscribes to a resource's shard channel for one more wait; the returned function ends that wait's interest. */
  async follow(channel: string): Promise<() => void> {
    const subscriber = this.#subscriber as Required<LockRedisSubscriber>;
    let followed = this.#followed.get(channel);
    if (!followed) {
      followed = { waits: 0, subscribed: subscriber.sSubscribe(channel, this.#deliver) };
      this.#followed.set(channel, followed);
    }
    const entry = followed;
    entry.waits++;
    let done = false;
    const unfollow = () => {
      if (done) return;
      done = true;
      if (--entry.waits > 0 || this.#followed.get(channel) !== entry) return;
      this.#followed.delete(channel);
      entry.subscribed.then(() => subscriber.sUnsubscribe(channel)).catch(() => {});
    };
    try {
      await entry.subscribed;
    } catch (error) {
      unfollow();
      throw error;
    }
    return unfollow;
  }

  /** A hand-off message `waiterId fence storeNow ttl [queued]`, from a subscription or a release's reply. */
  readonly #deliver = (message: string): void => {
    const [waiterId, fence, storeNow, ttlMs, queued] = message.split(" ");
    if (waiterId === undefined) return;
    this.#onHandoff?.({
      waiterId,
      fence: Number(fence),
      storeNow: Number(storeNow),
      ttlMs: Number(ttlMs),
      ...(queued === undefined ? {} : { queued: Number(queued) }),
    });
  };

  deliver(message: string): void {
    this.#deliver(message);
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#followed.clear();
    if (!subscriber) return;
    try {
      await subscriber.close();
    } catch {
      subscriber.destroy();
    }
  }
}
