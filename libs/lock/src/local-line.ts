import type { LockBackend, TransferReply } from "./backend.js";
import type { LockHandle } from "./lock-handle.js";

/** A mutex passed by a holder of this instance: valid at once, confirmed by the store one round trip later. */
export interface LocalPass {
  fence: number;
  /** Until the store confirms: the passing holder's confirmed validity, capped by the new TTL. */
  expiresAt: number;
  /** The validity once the store has confirmed the pass, or null when it refused it. */
  confirmed: Promise<number | null>;
  /** Resolves once the store has answered the pass: the new holder's own store calls wait for it. */
  recorded: Promise<void>;
}

/**
 * "store": first in line, take the mutex from the store; a LocalPass: passed by the previous holder; null: timed out,
 * or busy for a caller that does not wait; "aborted": the caller's signal fired while it waited in line.
 */
export type Turn = "store" | LocalPass | null | "aborted";

/** Who asks for a turn: the fields of an acquisition attempt that the line reads. */
export interface Caller {
  token: string;
  deadline: number;
  options: { ttlMs: number; signal: AbortSignal | undefined };
}

interface Queued {
  token: string;
  ttlMs: number;
  settle(turn: Turn | Error): void;
}

class Line {
  /** Undefined while the caller at the front is taking the mutex from the store or receiving it from a pass. */
  holder: LockHandle | undefined;
  readonly queue: Queued[] = [];
  /** Whether the store's queue for this resource held waiters at the last word from the store. */
  remoteWaiters = true;
}

/**
 * Lock cohorting: callers of one instance that want the same mutex queue here, in arrival order, and only the front
 * one waits at the store. A releasing holder passes the mutex straight to the next local caller, which runs at once
 * with the next fence while the store records the pass, unless callers of other instances are queued at the store:
 * then the mutex goes back to the store's FIFO queue. Under contention inside one process, this removes the round
 * trip between one holder's release and the next one's start. Only single-resource mutexes take this path.
 */
export class LocalLines {
  readonly #lines = new Map<string, Line>();
  readonly #backend: LockBackend;
  readonly #transfer: NonNullable<LockBackend["transfer"]>;
  #closed: Error | undefined;

  constructor(backend: LockBackend, transfer: NonNullable<LockBackend["transfer"]>) {
    this.#backend = backend;
    this.#transfer = transfer;
  }

  /** Joins the resource's line: the caller's turn at once when the line was empty, else a promise of it. */
  enter(resource: string, caller: Caller, waiting: boolean): Turn | Promise<Turn> {
    if (this.#closed) return Promise.reject(this.#closed);
    const line = this.#lines.get(resource);
    if (!line) {
      this.#lines.set(resource, new Line());
      return "store";
    }
    const wait = caller.deadline - Date.now();
    if (!waiting || wait <= 0) return null;
    return new Promise<Turn>((resolve, reject) => {
      const { signal } = caller.options;
      const settle = (turn: Turn | Error) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
        const at = line.queue.indexOf(queued);
        if (at >= 0) line.queue.splice(at, 1);
        if (turn instanceof Error) reject(turn);
        else resolve(turn);
      };
      const queued: Queued = { token: caller.token, ttlMs: caller.options.ttlMs, settle };
      const abort = () => settle("aborted");
      // Node's timers may fire up to 1 ms before Date.now() reaches the deadline: a wait gives up only after it.
      const expire = () => {
        const left = caller.deadline - Date.now();
        if (left > 0) timer = setTimeout(expire, left);
        else settle(null);
      };
      let timer = setTimeout(expire, wait);
      signal?.addEventListener("abort", abort, { once: true });
      line.queue.push(queued);
      line.holder?.watch();
    });
  }

  /** The caller whose turn it was now holds the mutex; `queued` is the store's queue length, when it told. */
  hold(resource: string, handle: LockHandle, queued: number | undefined): void {
    const line = this.#lines.get(resource);
    if (!line) return;
    line.holder = handle;
    if (line.queue.length > 0) handle.watch();
    if (queued !== undefined) line.remoteWaiters = queued > 0;
  }

  /** The caller whose turn it was gave up, or the holder lost the mutex: the next local caller goes to the store. */
  leave(resource: string, handle?: LockHandle): void {
    const line = this.#lines.get(resource);
    if (!line || (handle && line.holder !== handle)) return;
    line.holder = undefined;
    const next = line.queue.shift();
    if (next) next.settle("store");
    else this.#lines.delete(resource);
  }

  /**
   * Releases `handle`'s mutex: to the next local caller when nobody is queued at the store and the holder's
   * validity covers the store's confirmation, else at the store. Undefined when `handle` is not a line's holder.
   */
  release(handle: LockHandle): Promise<boolean> | undefined {
    const resource = handle.resource;
    const line = this.#lines.get(resource);
    if (!line || line.holder !== handle) return undefined;
    line.holder = undefined;
    const next = line.queue[0];
    const now = Date.now();
    if (
      !next ||
      this.#closed ||
      line.remoteWaiters ||
      handle.expiresAt - now < Math.min(PASS_MARGIN_MS, next.ttlMs / 2)
    ) {
      // Not .finally(): on this per-release path it would cost a promise more and a microtask turn.
      return this.#backend.release(resource, handle.token, MUTEX).then(
        (owned) => {
          this.leave(resource);
          return owned;
        },
        (error: unknown) => {
          this.leave(resource);
          throw error;
        },
      );
    }
    const fence = handle.fence + 1;
    const validUntil = now + next.ttlMs - this.#backend.driftMs(next.ttlMs);
    const reply = new Promise<TransferReply>((resolve, reject) => {
      // Sent two event-loop turns later. The first command the new holder runs is written in the next turn (node-redis
      // writes in a setImmediate); a pass record written right behind it reaches Redis in the same read, and Redis
      // answers neither until it has run both, so that command's reply would wait for this script.
      setImmediate(() =>
        setImmediate(() =>
          this.#transfer(resource, handle.token, next.token, next.ttlMs, fence).then(resolve, reject),
        ),
      );
    });
    // Whether the pass stands; the store's queue length also tells this line whether others now wait there.
    const owned = reply.then(({ owned, queued }) => {
      if (this.#lines.get(resource) === line) line.remoteWaiters = queued > 0;
      return owned;
    });
    next.settle({
      fence,
      expiresAt: Math.min(handle.expiresAt, validUntil),
      confirmed: owned.then(
        (stands) => (stands ? validUntil : null),
        () => null,
      ),
      recorded: owned.then(
        () => {},
        () => {},
      ),
    });
    return owned;
  }

  /** Fails every queued caller with `error` and stops passing. */
  close(error: Error): void {
    this.#closed = error;
    for (const line of this.#lines.values()) for (const queued of [...line.queue]) queued.settle(error);
  }
}

/** A pass needs this much of the holder's validity left (or half the new TTL), so that confirmation comes first. */
const PASS_MARGIN_MS = 1_000;
const MUTEX = { limit: 1, permits: 1 };
