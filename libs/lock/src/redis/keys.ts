/**
 * Key names of one resource. The `{resource}` hash tag puts every key of a resource in one Redis Cluster slot, so
 * that each script touches a single slot.
 */
export function mutexKeys(prefix: string, resource: string): string[] {
  const base = mutexLockKey(prefix, resource);
  return [base, `${base}:fence`, `${base}:queue`, `${base}:waiters`];
}

/** The mutex's lock key; the batch scripts derive its other keys from it, with the suffixes of `mutexKeys`. */
export function mutexLockKey(prefix: string, resource: string): string {
  return `${prefix}{${resource}}`;
}

export function semaphoreKeys(prefix: string, resource: string): string[] {
  const base = `${prefix}{${resource}}`;
  return [`${base}:sem`, `${base}:fence`, `${base}:sem-queue`, `${base}:sem-waiters`, `${base}:sem-fences`];
}
