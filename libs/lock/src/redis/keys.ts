/**
 * Key names of one resource. The `{resource}` hash tag puts every key of a resource in one Redis Cluster slot, so
 * that each script touches a single slot.
 */
export function mutexKeys(prefix: string, resource: string): string[] {
  return addMutexKeys([], prefix, resource);
}

/** Appends the mutex's keys to `keys` (a batch's key list): lock, fence, queue, waiters. */
export function addMutexKeys(keys: string[], prefix: string, resource: string): string[] {
  const base = `${prefix}{${resource}}`;
  keys.push(base, `${base}:fence`, `${base}:queue`, `${base}:waiters`);
  return keys;
}

export function semaphoreKeys(prefix: string, resource: string): string[] {
  const base = `${prefix}{${resource}}`;
  return [`${base}:sem`, `${base}:fence`, `${base}:sem-queue`, `${base}:sem-waiters`, `${base}:sem-fences`];
}
