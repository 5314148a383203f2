import type { AcquireReply, LockBackend, Share, StoreHolder, StoreState } from "../backend.js";
import { within } from "../deadline.js";
import { LockQuorumError } from "../errors.js";
import { RedisBackend } from "../redis/redis-backend.js";
import type { LockRedisClient } from "../types.js";

const TIMED_OUT = Symbol("timed out");

export interface RedlockRetry {
  /** Pause between two rounds while the resource is held elsewhere, ms. @default 50 */
  delayMs: number;
  /** Random extra pause, up to this many ms, so that contenders do not retry in lockstep. @default 50 */
  jitterMs: number;
}

export interface RedlockBackendOptions {
  clients: readonly LockRedisClient[];
  prefix: string;
  driftFactor: number;
  retry: RedlockRetry;
  /** Longest wait for one node's answer, ms. */
  timeoutMs: number;
}

/**
 * The Redlock algorithm over N independent Redis nodes: a majority must grant within the validity time, a failed
 * round is undone on every node, and the fence is the maximum over the quorum, lifted onto a majority so that any
 * later quorum (which shares a node with this one) hands out a larger one. Mutexes only: each node can bound only
 * its own count, and a holder needs only a majority, so with limit L up to ⌊L·N/quorum⌋ holders could hold a
 * semaphore at once.
 */
export class RedlockBackend implements LockBackend {
  readonly maxLimit = 1;
  readonly #nodes: RedisBackend[];
  readonly #quorum: number;
  readonly #driftFactor: number;
  readonly #retry: RedlockRetry;
  readonly #timeoutMs: number;

  constructor({ clients, prefix, driftFactor, retry, timeoutMs }: RedlockBackendOptions) {
    this.#timeoutMs = timeoutMs;
    this.#nodes = clients.map(
      (client) => new RedisBackend({ client, prefix, driftFactor, secondConnection: false }),
    );
    this.#quorum = Math.floor(clients.length / 2) + 1;
    this.#driftFactor = driftFactor;
    this.#retry = retry;
  }

  async acquire(
    resource: string,
    token: string,
    ttlMs: number,
    _waitMs: number,
    share: Share,
    waiterId: string,
  ): Promise<AcquireReply> {
    const started = Date.now();
    const replies = await this.#onAll(ttlMs, (node) =>
      node.acquire(resource, token, ttlMs, 0, share, waiterId),
    );
    const fences: number[] = [];
    const ttls: number[] = [];
    let answered = 0;
    let cause: unknown;
    for (const reply of replies) {
      if (reply.status === "rejected") cause ??= reply.reason;
      else {
        answered++;
        if (reply.value.acquired) {
          fences.push(reply.value.fence);
          // A node that already held this token (an earlier round's grant whose undo was lost) keeps its own TTL.
          ttls.push(reply.value.ttlMs);
        }
      }
    }
    // The round holds while a quorum of its grants does: until the quorum-th longest of them runs out.
    const held = ttls.sort((a, b) => b - a)[this.#quorum - 1] ?? 0;
    const validity = held - (Date.now() - started) - this.driftMs(ttlMs);
    if (fences.length >= this.#quorum && validity > 0) {
      const fence = Math.max(...fences);
      if (
        fences.filter((value) => value === fence).length >= this.#quorum ||
        (await this.#raise(resource, fence))
      )
        return { acquired: true, fence, ttlMs: held };
    }
    // Undo the round wherever it may have granted: on the nodes that did (they answer), and, without waiting for
    // them, on nodes whose answer was lost.
    const granted = this.#nodes.filter((_, i) => {
      const reply = replies[i] as PromiseSettledResult<AcquireReply>;
      return reply.status === "fulfilled" && reply.value.acquired;
    });
    const unsure = this.#nodes.filter((_, i) => replies[i]?.status === "rejected");
    void this.#onEach(unsure, ttlMs, (node) => node.release(resource, token, share));
    await this.#onEach(granted, ttlMs, (node) => node.release(resource, token, share));
    if (answered < this.#quorum)
      throw new LockQuorumError([resource], fences.length, this.#quorum, this.#nodes.length, cause);
    return {
      acquired: false,
      retryInMs: this.#retry.delayMs + Math.random() * this.#retry.jitterMs,
      storeNow: Date.now(),
    };
  }

  async release(resource: string, token: string, share: Share): Promise<boolean> {
    const replies = await this.#onAll(this.#timeoutMs, (node) => node.release(resource, token, share));
    return count(replies, true) >= this.#quorum;
  }

  async extend(resource: string, token: string, ttlMs: number, share: Share): Promise<boolean> {
    const replies = await this.#onAll(ttlMs, (node) => node.extend(resource, token, ttlMs, share));
    const extended = count(replies, true);
    if (extended >= this.#quorum) return true;
    if (extended + count(replies, false) >= this.#quorum) return false;
    throw new LockQuorumError([resource], extended, this.#quorum, this.#nodes.length, firstReason(replies));
  }

  async cancel(resource: string, token: string, share: Share): Promise<void> {
    // A Redlock round never queues; a round whose caller stopped waiting for it may still have granted.
    await this.#onAll(this.#timeoutMs, (node) => node.release(resource, token, share));
  }

  /** A holder is one token a majority of nodes agree on; it holds until all but a minority have let it go. */
  async inspect(resource: string, limit: number): Promise<StoreState> {
    const replies = await this.#onAll(this.#timeoutMs, (node) => node.inspect(resource, limit));
    const seen = new Map<string, StoreHolder[]>();
    let answered = 0;
    for (const reply of replies) {
      if (reply.status === "rejected") continue;
      answered++;
      for (const holder of reply.value.holders)
        seen.set(holder.token, [...(seen.get(holder.token) ?? []), holder]);
    }
    if (answered < this.#quorum)
      throw new LockQuorumError([resource], answered, this.#quorum, this.#nodes.length, firstReason(replies));
    const holders: StoreHolder[] = [];
    for (const [token, views] of seen) {
      if (views.length < this.#quorum) continue;
      const ttls = views.map((view) => view.ttlMs).sort((a, b) => b - a);
      holders.push({
        token,
        fence: Math.max(...views.map((view) => view.fence)),
        ttlMs: (ttls[this.#quorum - 1] as number) - this.driftMs(ttls[0] as number),
        permits: 1,
      });
    }
    return { holders, queued: 0 };
  }

  async listen(): Promise<void> {
    // Independent nodes have no single place to hand a lock over: waiters retry after a jittered pause instead.
  }

  driftMs(ttlMs: number): number {
    return Math.ceil(ttlMs * this.#driftFactor) + 2;
  }

  async close(): Promise<void> {}

  /**
   * Runs `operation` on every node, each bounded by a timeout small next to the TTL: a dead node's client would
   * otherwise hold the command in its offline queue until the node came back.
   */
  #onAll<T>(
    ttlMs: number,
    operation: (node: RedisBackend) => Promise<T>,
  ): Promise<PromiseSettledResult<T>[]> {
    return this.#onEach(this.#nodes, ttlMs, operation);
  }

  #onEach<T>(
    nodes: readonly RedisBackend[],
    ttlMs: number,
    operation: (node: RedisBackend) => Promise<T>,
  ): Promise<PromiseSettledResult<T>[]> {
    const timeoutMs = Math.min(this.#timeoutMs, Math.max(10, ttlMs / 4));
    return Promise.allSettled(
      nodes.map((node) =>
        within(operation(node), timeoutMs, TIMED_OUT).then((value) => {
          if (value === TIMED_OUT) throw new Error(`node did not answer within ${timeoutMs} ms`);
          return value;
        }),
      ),
    );
  }

  async #raise(resource: string, fence: number): Promise<boolean> {
    const replies = await this.#onAll(this.#timeoutMs, (node) => node.raiseFence(resource, fence));
    return replies.filter((reply) => reply.status === "fulfilled").length >= this.#quorum;
  }
}

function count(replies: PromiseSettledResult<boolean>[], value: boolean): number {
  return replies.filter((reply) => reply.status === "fulfilled" && reply.value === value).length;
}

function firstReason(replies: PromiseSettledResult<unknown>[]): unknown {
  return replies.find((reply): reply is PromiseRejectedResult => reply.status === "rejected")?.reason;
}
