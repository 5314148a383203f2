import type { AcquireReply, Handoff, LockBackend, Share, StoreState, TransferReply } from "../backend.js";

interface Holder {
  expiresAt: number;
  fence: number;
  permits: number;
}

interface QueueEntry {
  token: string;
  deadline: number;
  ttlMs: number;
  waiterId: string;
  permits: number;
}

interface ResourceState {
  holders: Map<string, Holder>;
  queue: QueueEntry[];
}

const MUTEX: Share = { limit: 1, permits: 1 };

/** The Redis scripts' semantics on in-process maps, with the local clock as the store clock. */
export class MemoryBackend implements LockBackend {
  readonly #states = new Map<string, ResourceState>();
  readonly #fences = new Map<string, number>();
  #onHandoff: ((handoff: Handoff) => void) | undefined;

  async acquire(
    resource: string,
    token: string,
    ttlMs: number,
    waitMs: number,
    { limit, permits }: Share,
    waiterId: string,
  ): Promise<AcquireReply> {
    const now = Date.now();
    const state = this.#state(resource, limit);
    const mine = state.holders.get(token);
    if (mine)
      return { acquired: true, fence: mine.fence, ttlMs: mine.expiresAt - now, queued: state.queue.length };
    const handed = this.#fill(resource, state, limit, now, token);
    if (handed !== undefined) return { acquired: true, fence: handed, ttlMs, queued: state.queue.length };
    if (taken(state) + permits <= limit && state.queue.length === 0)
      return {
        acquired: true,
        fence: this.#grant(resource, state, token, ttlMs, permits, now),
        ttlMs,
        queued: 0,
      };
    if (waitMs > 0) {
      const queued = state.queue.find((entry) => entry.token === token);
      if (queued) queued.deadline = now + waitMs;
      else state.queue.push({ token, deadline: now + waitMs, ttlMs, waiterId, permits });
    }
    const firstExpiry = Math.min(...[...state.holders.values()].map((holder) => holder.expiresAt));
    return {
      acquired: false,
      retryInMs: Math.max(1, Number.isFinite(firstExpiry) ? firstExpiry - now : ttlMs),
      storeNow: now,
    };
  }

  async release(resource: string, token: string, { limit }: Share): Promise<boolean> {
    const state = this.#state(resource, limit);
    const owned = state.holders.delete(token);
    if (owned) this.#fill(resource, state, limit, Date.now(), undefined);
    this.#tidy(resource, limit, state);
    return owned;
  }

  async transfer(
    resource: string,
    from: string,
    to: string,
    ttlMs: number,
    fence: number,
  ): Promise<TransferReply> {
    const state = this.#state(resource, 1);
    const current = this.#fences.get(resource) ?? 0;
    // The new holder may already have used `fence`: no later acquisition may get it again.
    if (!state.holders.has(from)) {
      this.#fences.set(resource, Math.max(current, fence));
      return { owned: false, queued: state.queue.length };
    }
    this.#fences.set(resource, Math.max(current + 1, fence));
    if (current + 1 > fence) {
      await this.release(resource, from, MUTEX);
      return { owned: false, queued: state.queue.length };
    }
    state.holders.delete(from);
    state.holders.set(to, { expiresAt: Date.now() + ttlMs, fence, permits: 1 });
    return { owned: true, queued: state.queue.length };
  }

  async extend(resource: string, token: string, ttlMs: number, { limit }: Share): Promise<boolean> {
    const holder = this.#state(resource, limit).holders.get(token);
    if (!holder) return false;
    holder.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async cancel(resource: string, token: string, { limit }: Share): Promise<void> {
    const state = this.#state(resource, limit);
    state.queue = state.queue.filter((entry) => entry.token !== token);
    if (state.holders.delete(token)) this.#fill(resource, state, limit, Date.now(), undefined);
    this.#tidy(resource, limit, state);
  }

  async inspect(resource: string, limit: number): Promise<StoreState> {
    const now = Date.now();
    const state = this.#state(resource, limit);
    const holders = [...state.holders].map(([token, { fence, expiresAt, permits }]) => ({
      token,
      fence,
      ttlMs: expiresAt - now,
      permits,
    }));
    const queued = state.queue.filter((entry) => entry.deadline > now).length;
    this.#tidy(resource, limit, state);
    return { holders, queued };
  }

  async listen(onHandoff: (handoff: Handoff) => void): Promise<void> {
    this.#onHandoff = onHandoff;
  }

  driftMs(): number {
    return 0;
  }

  async close(): Promise<void> {
    this.#onHandoff = undefined;
  }

  /** The resource's state with expired holders dropped, as the scripts purge before acting. */
  #state(resource: string, limit: number): ResourceState {
    const key = `${limit === 1 ? "mutex" : "semaphore"}:${resource}`;
    let state = this.#states.get(key);
    if (!state) {
      state = { holders: new Map(), queue: [] };
      this.#states.set(key, state);
    }
    const now = Date.now();
    for (const [token, holder] of state.holders) if (holder.expiresAt <= now) state.holders.delete(token);
    return state;
  }

  #grant(
    resource: string,
    state: ResourceState,
    token: string,
    ttlMs: number,
    permits: number,
    now: number,
  ): number {
    const fence = (this.#fences.get(resource) ?? 0) + 1;
    this.#fences.set(resource, fence);
    state.holders.set(token, { expiresAt: now + ttlMs, fence, permits });
    return fence;
  }

  /** Serves the queue in order; a waiter asking for more permits than are free blocks those behind it. */
  #fill(resource: string, state: ResourceState, limit: number, now: number, caller: string | undefined) {
    let callerFence: number | undefined;
    for (;;) {
      const next = state.queue[0];
      if (!next) break;
      if (next.deadline <= now) {
        state.queue.shift();
        continue;
      }
      if (taken(state) + next.permits > limit) break;
      state.queue.shift();
      const fence = this.#grant(resource, state, next.token, next.ttlMs, next.permits, now);
      if (next.token === caller) callerFence = fence;
      else {
        const handoff = {
          waiterId: next.waiterId,
          fence,
          storeNow: now,
          ttlMs: next.ttlMs,
          queued: state.queue.length,
        };
        // Delivered on a later tick, as a pub/sub message would be.
        setImmediate(() => this.#onHandoff?.(handoff));
      }
    }
    return callerFence;
  }

  #tidy(resource: string, limit: number, state: ResourceState): void {
    if (state.holders.size === 0 && state.queue.length === 0)
      this.#states.delete(`${limit === 1 ? "mutex" : "semaphore"}:${resource}`);
  }
}

function taken(state: ResourceState): number {
  let permits = 0;
  for (const holder of state.holders.values()) permits += holder.permits;
  return permits;
}
