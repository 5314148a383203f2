import { EventEmitter } from "node:events";
import type { LockLostReason } from "./errors.js";

export type LockFailureReason = "timeout" | "aborted" | "error";

export const lockAcquired = (
  resources: readonly string[],
  token: string,
  fence: number,
  waitMs: number,
  ttlMs: number,
) => ({
  resources,
  token,
  fence,
  /** Time from the call to the grant, in ms. */
  waitMs,
  ttlMs,
});
export const lockExtended = (resources: readonly string[], token: string, expiresAt: number) => ({
  resources,
  token,
  expiresAt,
});
export const lockLost = (
  resources: readonly string[],
  token: string,
  reason: LockLostReason,
  error: Error,
) => ({
  resources,
  token,
  reason,
  error,
});
export const lockReleased = (resources: readonly string[], token: string, heldMs: number) => ({
  resources,
  token,
  heldMs,
});
export const lockFailed = (
  resources: readonly string[],
  reason: LockFailureReason,
  waitMs: number,
  error: Error,
) => ({
  resources,
  reason,
  waitMs,
  error,
});

/** Event name -> payload, as emitted by every Locks implementation. */
export interface LockEvents {
  "lock:acquired": ReturnType<typeof lockAcquired>;
  "lock:extended": ReturnType<typeof lockExtended>;
  "lock:lost": ReturnType<typeof lockLost>;
  "lock:released": ReturnType<typeof lockReleased>;
  "lock:failed": ReturnType<typeof lockFailed>;
}

export type LockEventName = keyof LockEvents;
export type LockEventListener<E extends LockEventName> = (payload: LockEvents[E]) => void;

/** A typed EventEmitter whose listener errors never break a lock operation. */
export class LockEventEmitter {
  readonly #emitter = new EventEmitter();

  on<E extends LockEventName>(event: E, listener: LockEventListener<E>): this {
    this.#emitter.on(event, listener);
    return this;
  }

  off<E extends LockEventName>(event: E, listener: LockEventListener<E>): this {
    this.#emitter.off(event, listener);
    return this;
  }

  has(event: LockEventName): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  emit<E extends LockEventName>(event: E, payload: LockEvents[E]): void {
    if (this.#emitter.listenerCount(event) === 0) return;
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as LockEventListener<E>)(payload);
      } catch {
        // A metrics hook must not turn a successful lock operation into a failure.
      }
    }
  }
}
