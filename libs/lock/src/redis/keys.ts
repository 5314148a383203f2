/**
 * Key names of one resource. The `{resource}` hash tag puts every key of a resource in one Redis Cluster slot, so
 * that each script touches a single slot.
 */
export function mutexKeys(prefix: string, resource: string): string[] {
  const base = resourceKey(prefix, resource);
  return [base, `${base}:fence`, `${base}:queue`, `${base}:waiters`];
}

/**
 * The stem of every key of the resource, and the mutex's lock key; the mutex batch scripts derive the other mutex
 * keys from it, with the suffixes of `mutexKeys`.
 */
export function resourceKey(prefix: string, resource: string): string {
  return `${prefix}{${resource}}`;
}

export function semaphoreKeys(prefix: string, resource: string): string[] {
  const base = resourceKey(prefix, resource);
  return [`${base}:sem`, `${base}:fence`, `${base}:sem-queue`, `${base}:sem-waiters`, `${base}:sem-fences`];
}
