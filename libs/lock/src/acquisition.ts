import type { LockBackend } from "./backend.js";
import { within } from "./deadline.js";
import { LockAbortedError, LockError, LockTimeoutError, LockUnavailableError } from "./errors.js";
import { lockFailed, type LockEventEmitter, type LockFailureReason } from "./events.js";
import { KeepAlive } from "./keep-alive.js";
import type { LocalLines, Turn } from "./local-line.js";
import type { Grant, LockHandle } from "./lock-handle.js";
import { settleBy, type Attempt, type StoreQueue } from "./store-queue.js";
import type { ResolvedOptions } from "./validate.js";

export interface AcquisitionOptions {
  backend: LockBackend;
  store: StoreQueue;
  /** This instance's lines for single-resource mutexes, when it passes locks within the instance. */
  lines: LocalLines | undefined;
  events: LockEventEmitter;
  token: string;
  /** Sorted and distinct. */
  resources: string[];
  options: ResolvedOptions;
  /** False for tryAcquire: one attempt. */
  waiting: boolean;
}

/**
 * One call of acquire, tryAcquire or withLock: a single resource through the instance's line or the store, several
 * resources one by one in sorted order (so that no two callers can each hold what the other needs), keeping those
 * already held alive while it waits for the next, all or nothing.
 */
export class Acquisition {
  readonly started = Date.now();
  readonly #o: AcquisitionOptions;
  readonly #attempt: Attempt;

  constructor(options: AcquisitionOptions) {
    this.#o = options;
    this.#attempt = {
      token: options.token,
      options: options.options,
      started: this.started,
      deadline: this.started + (options.waiting ? options.options.waitMs : 0),
      attempts: 0,
      lastError: undefined,
    };
  }

  /** The lock `hold` makes of the grant, or null (tryAcquire found a resource held); throws a LockError. */
  async run(hold: (grant: Grant) => LockHandle): Promise<LockHandle | null> {
    const { resources, options, events } = this.#o;
    try {
      if (options.signal?.aborted) throw new LockAbortedError(resources, 0, options.signal.reason);
      return resources.length === 1 ? await this.#one(hold) : await this.#many(hold);
    } catch (error) {
      const failure = asLockError(resources, error);
      events.emit(
        "lock:failed",
        lockFailed(resources, reasonOf(failure), Date.now() - this.started, failure),
      );
      throw failure;
    }
  }

  #grant(fences: number[], expiresAt: number, recorded?: Promise<void>): Grant {
    const { resources, token, options } = this.#o;
    const { ttlMs, autoExtend } = options;
    return { resources, token, fences, expiresAt, ttlMs, share: options, autoExtend, recorded };
  }

  async #one(hold: (grant: Grant) => LockHandle): Promise<LockHandle | null> {
    const { resources, options, store, waiting } = this.#o;
    const resource = resources[0] as string;
    // A single-resource mutex first queues behind this instance's other callers (see LocalLines).
    const line = options.limit === 1 ? this.#o.lines : undefined;
    let frontOfLine = false;
    try {
      let turn: Turn | Promise<Turn> = line ? line.enter(resource, this.#attempt, waiting) : "store";
      if (turn instanceof Promise) turn = await turn;
      if (turn === "aborted")
        throw new LockAbortedError(resources, Date.now() - this.started, options.signal?.reason);
      frontOfLine = line !== undefined && turn !== null;
      if (turn === "store") {
        const grant = await store.take(resources, resource, this.#attempt, waiting);
        if (grant && grant.expiresAt > Date.now()) {
          const lock = hold(this.#grant([grant.fence], grant.expiresAt));
          if (frontOfLine) line?.hold(resource, lock, grant.queued);
          frontOfLine = false;
          return lock;
        }
        if (grant) await this.#rollback([resource]);
      } else if (turn) {
        if (turn.expiresAt > Date.now()) {
          const lock = hold(this.#grant([turn.fence], turn.expiresAt, turn.recorded));
          line?.hold(resource, lock, undefined);
          frontOfLine = false;
          void turn.confirmed.then((validUntil) => lock.confirm(validUntil));
          return lock;
        }
        await within(turn.recorded, settleBy(this.#attempt) - Date.now(), undefined);
        await this.#rollback([resource]);
      }
      return this.#failed();
    } finally {
      if (frontOfLine) line?.leave(resource);
    }
  }

  async #many(hold: (grant: Grant) => LockHandle): Promise<LockHandle | null> {
    const { backend, resources, options, store, waiting, token } = this.#o;
    for (;;) {
      const held = new KeepAlive(backend, token, options.ttlMs, options);
      try {
        for (const resource of resources) {
          const grant = await store.take(resources, resource, this.#attempt, waiting, held.signal);
          if (!grant) break;
          held.add(resource, grant);
        }
      } catch (error) {
        held.stop();
        await this.#rollback(held.resources);
        throw error;
      }
      held.stop();
      if (held.resources.length === resources.length && !held.lost && held.expiresAt > Date.now())
        return hold(this.#grant(held.fences, held.expiresAt));
      await this.#rollback(held.resources);
      // A resource held while waiting for the next was lost: give everything back and start over.
      if (!held.lost || !waiting || this.#attempt.deadline <= Date.now()) return this.#failed();
    }
  }

  /** Null for tryAcquire, else the timeout, or the store error that kept the resources out of reach. */
  #failed(): null {
    const { resources, waiting } = this.#o;
    const { lastError, attempts } = this.#attempt;
    if (!waiting) {
      if (lastError !== undefined) throw asLockError(resources, lastError);
      return null;
    }
    throw lastError === undefined
      ? new LockTimeoutError(resources, Date.now() - this.started, attempts)
      : asLockError(resources, lastError);
  }

  /** Gives back what the acquisition took, waiting no longer than the acquisition may take to settle. */
  async #rollback(resources: readonly string[]): Promise<void> {
    if (resources.length === 0) return;
    const { backend, token, options } = this.#o;
    const releases = resources.map((resource) =>
      backend.release(resource, token, options).catch(() => false),
    );
    await within(Promise.all(releases), settleBy(this.#attempt) - Date.now(), undefined);
  }
}

export function asLockError(resources: readonly string[], error: unknown): LockError {
  return error instanceof LockError ? error : new LockUnavailableError(resources, error);
}

function reasonOf(error: LockError): LockFailureReason {
  if (error instanceof LockTimeoutError) return "timeout";
  if (error instanceof LockAbortedError) return "aborted";
  return "error";
}
