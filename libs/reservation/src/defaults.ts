import { Mutex } from "./mutex.js";
import type { CacheLike, LockLike, LocksLike, RedisScriptClient } from "./types.js";

// Interim in-process defaults until @ticketing/lock and @ticketing/cache are built.
class ProcessLocks implements LocksLike {
  private readonly mutexes = new Map<string, Mutex>();
  private fence = 0;

  withLock<T>(
    resource: string | readonly string[],
    fn: (lock: LockLike, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const name = typeof resource === "string" ? resource : resource.join("\u0000");
    let mutex = this.mutexes.get(name);
    if (!mutex) this.mutexes.set(name, (mutex = new Mutex()));
    return mutex.run(() => fn({ fence: ++this.fence }, new AbortController().signal));
  }
}

class ProcessCache implements CacheLike {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();

  async getOrLoad<T>(
    key: string,
    loader: (signal: AbortSignal) => Promise<T>,
    options?: { ttl?: number },
  ): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as T;
    const value = await loader(new AbortController().signal);
    this.entries.set(key, { value, expires: Date.now() + (options?.ttl ?? 60_000) });
    return value;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export function defaultLocks(
  _redis: RedisScriptClient | undefined,
  _prefix: string,
  _owned: { close(): Promise<void> }[],
): LocksLike {
  return new ProcessLocks();
}

export function defaultCache(
  _redis: RedisScriptClient | undefined,
  _prefix: string,
  _owned: { close(): Promise<void> }[],
): CacheLike {
  return new ProcessCache();
}
