import { LockArgumentError } from "./errors.js";
import type { AcquireOptions, LockHandOver } from "./types.js";

/** Longest resource name accepted, in UTF-16 code units. */
export const MAX_RESOURCE_LENGTH = 512;
/** Most resources one lock may hold. */
export const MAX_RESOURCES = 256;
const MAX_MS = 2_147_483_647;

export interface ResolvedOptions {
  ttlMs: number;
  waitMs: number;
  signal: AbortSignal | undefined;
  autoExtend: boolean;
  limit: number;
  permits: number;
}

export function resolveResources(resource: unknown): string[] {
  if (typeof resource === "string") return [checkResource(resource)];
  if (!Array.isArray(resource) || resource.length === 0)
    throw new LockArgumentError("resource", resource, "a non-empty string or a non-empty array of them");
  if (resource.length > MAX_RESOURCES)
    throw new LockArgumentError("resource", resource, `at most ${MAX_RESOURCES} resources`);
  for (const name of resource) checkResource(name);
  // Sorted, de-duplicated order is what makes multi-resource acquisition deadlock-free.
  return [...new Set(resource as string[])].sort();
}

export function checkResource(name: unknown): string {
  if (typeof name !== "string" || name.length === 0)
    throw new LockArgumentError("resource", name, "a non-empty string");
  if (name.length > MAX_RESOURCE_LENGTH)
    throw new LockArgumentError("resource", name, `at most ${MAX_RESOURCE_LENGTH} characters`);
  return name;
}

export function resolveOptions(
  options: AcquireOptions | undefined,
  defaults: { ttlMs: number; waitMs: number; autoExtend: boolean },
): ResolvedOptions {
  const ttlMs = options?.ttlMs ?? defaults.ttlMs;
  const waitMs = options?.waitMs ?? defaults.waitMs;
  checkTtl("ttlMs", ttlMs);
  if (typeof waitMs !== "number" || !Number.isFinite(waitMs) || waitMs < 0 || waitMs > MAX_MS)
    throw new LockArgumentError("waitMs", waitMs, `a finite number of ms between 0 and ${MAX_MS}`);
  const { limit, permits } = checkShare(options?.limit, options?.permits);
  const signal = options?.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new LockArgumentError("signal", signal, "an AbortSignal");
  return {
    ttlMs: Math.ceil(ttlMs),
    waitMs,
    signal,
    autoExtend: options?.autoExtend ?? defaults.autoExtend,
    limit,
    permits,
  };
}

export function checkShare(limit: unknown = 1, permits: unknown = 1): { limit: number; permits: number } {
  if (!Number.isSafeInteger(limit) || (limit as number) < 1)
    throw new LockArgumentError("limit", limit, "an integer >= 1");
  if (!Number.isSafeInteger(permits) || (permits as number) < 1 || (permits as number) > (limit as number))
    throw new LockArgumentError("permits", permits, `an integer from 1 to the limit (${limit as number})`);
  return { limit: limit as number, permits: permits as number };
}

export function checkTtl(argument: string, ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_MS)
    throw new LockArgumentError(argument, ttlMs, `a finite number of ms > 0 and <= ${MAX_MS}`);
}

export function checkPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== "string" || /[{}]/.test(prefix))
    throw new LockArgumentError("prefix", prefix, "a string without { or }");
}

const TOKEN = /^[0-9a-f]{16}\.[0-9a-z]+$/;

/** A hand-over as `lock.handOver()` makes it, whatever JSON round trip it took; resources come back sorted. */
export function checkHandOver(handOver: unknown): LockHandOver {
  if (typeof handOver !== "object" || handOver === null)
    throw new LockArgumentError("handOver", handOver, "what lock.handOver() returned");
  const { resources, token, fences, limit, permits } = handOver as Partial<LockHandOver>;
  const sorted = resolveResources(resources);
  if (sorted.length !== resources?.length || sorted.some((name, i) => name !== resources[i]))
    throw new LockArgumentError("handOver.resources", resources, "the sorted, distinct resources of a lock");
  if (typeof token !== "string" || !TOKEN.test(token))
    throw new LockArgumentError("handOver.token", token, "a lock's token");
  if (
    !Array.isArray(fences) ||
    fences.length !== sorted.length ||
    !fences.every((fence) => Number.isSafeInteger(fence) && fence > 0)
  )
    throw new LockArgumentError("handOver.fences", fences, "one positive integer fence per resource");
  const share = checkShare(limit, permits);
  return { resources: sorted, token, fences: [...fences], ...share };
}
