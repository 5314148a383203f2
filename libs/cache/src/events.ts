/** Payloads of every event, by name. Durations are in ms. */
export interface CacheEvents {
  "cache:hit": { namespace: string; key: string; tier: "l1" | "l2" };
  "cache:miss": { namespace: string; key: string };
  /** A stale value was served: at once (`swr`), after `softTimeout`, or because the loader failed (`error`). */
  "cache:stale": { namespace: string; key: string; reason: "swr" | "soft-timeout" | "error" };
  "cache:load:started": { namespace: string; key: string; background: boolean };
  /** `stored: false` when a delete/deleteByTag/clear raced the loader and its value was not written back. */
  "cache:load:finished": { namespace: string; key: string; durationMs: number; stored: boolean };
  "cache:load:failed": { namespace: string; key: string; durationMs: number; error: unknown };
  /** Another instance's loader filled the key while this one waited (fleet-wide single flight). */
  "cache:load:shared": { namespace: string; key: string; waitedMs: number };
  /** Redis failed or was unavailable; the operation went on without it (fail-open). */
  "cache:error": { namespace: string; operation: string; key: string | undefined; error: unknown };
  /** Entries left this instance's L1 because of an invalidation, local or received from another instance. */
  "cache:invalidated": {
    namespace: string;
    kind: "key" | "tag" | "clear" | "write";
    target: string | undefined;
    source: "local" | "remote";
  };
}

export type CacheEventName = keyof CacheEvents;
export type CacheListener<E extends CacheEventName> = (payload: CacheEvents[E]) => void;

/** A minimal typed emitter: emitting to no listener costs one property read, so the hit path stays lean. */
export class CacheEmitter {
  readonly #listeners: { [E in CacheEventName]?: CacheListener<E>[] } = {};

  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    const list = (this.#listeners[event] ??= []) as CacheListener<E>[];
    list.push(listener);
  }

  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    const list = this.#listeners[event] as CacheListener<E>[] | undefined;
    const index = list?.indexOf(listener) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }

  has(event: CacheEventName): boolean {
    return (this.#listeners[event]?.length ?? 0) > 0;
  }

  emit<E extends CacheEventName>(event: E, payload: CacheEvents[E]): void {
    const list = this.#listeners[event] as CacheListener<E>[] | undefined;
    if (!list) return;
    for (const listener of list) {
      try {
        listener(payload);
      } catch {
        // a throwing listener must not break a cache operation
      }
    }
  }
}
