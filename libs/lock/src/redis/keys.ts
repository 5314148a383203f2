/**
 * The stem of every key (and cluster wake-up channel) of a resource. Its hash tag puts all of them in one Redis
 * Cluster slot: `prefix{resource}`, whose tag is the resource up to its first `}`. A name starting with `}` would
 * leave that tag empty (the whole key would be hashed, each key to its own slot), so such names get the stem
 * `prefix{\}` + resource + `\`, whose tag is `\`. No two names share a key: a key of the second form has `\` right
 * before its suffix, one of the first form has `}` there.
 */
export function keyBase(prefix: string, resource: string): string {
  return resource.startsWith("}") ? `${prefix}{\\}${resource}\\` : `${prefix}{${resource}}`;
}

/** The mutex's lock, fence, queue and waiters keys, in the order its scripts declare them. */
export function mutexKeys(
  prefix: string,
  resource: string,
): [lock: string, fence: string, queue: string, waiters: string] {
  const base = keyBase(prefix, resource);
  return [base, `${base}:fence`, `${base}:queue`, `${base}:waiters`];
}

/** The semaphore's holders, fence, queue, waiters and fences keys; the fence counter is shared with the mutex. */
export function semaphoreKeys(
  prefix: string,
  resource: string,
): [holders: string, fence: string, queue: string, waiters: string, fences: string] {
  const base = keyBase(prefix, resource);
  return [`${base}:sem`, `${base}:fence`, `${base}:sem-queue`, `${base}:sem-waiters`, `${base}:sem-fences`];
}

/** Most resources whose key names one KeyNames keeps. */
const CACHED_RESOURCES = 4_096;

/**
 * The key names of the resources an instance locks, built once per resource: every call sends a resource's four keys,
 * and building four strings per call (which the socket write then has to flatten) cost more than the rest of the
 * call's client work. Locks are usually taken on a bounded set of names (seats, events); past CACHED_RESOURCES
 * names, the oldest are dropped.
 */
export class KeyNames {
  readonly #prefix: string;
  readonly #mutex = new Map<string, ReturnType<typeof mutexKeys>>();

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  mutex(resource: string): ReturnType<typeof mutexKeys> {
    let keys = this.#mutex.get(resource);
    if (!keys) {
      keys = mutexKeys(this.#prefix, resource);
      if (this.#mutex.size >= CACHED_RESOURCES) this.#mutex.delete(this.#mutex.keys().next().value as string);
      this.#mutex.set(resource, keys);
    }
    return keys;
  }
}
