import { LockArgumentError } from "./errors.js";
import type { AcquireOptions } from "./types.js";

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

function checkResource(name: unknown): string {
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
  const limit = options?.limit ?? 1;
  checkTtl("ttlMs", ttlMs);
  if (typeof waitMs !== "number" || !Number.isFinite(waitMs) || waitMs < 0 || waitMs > MAX_MS)
    throw new LockArgumentError("waitMs", waitMs, `a finite number of ms between 0 and ${MAX_MS}`);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new LockArgumentError("limit", limit, "an integer >= 1");
  const signal = options?.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new LockArgumentError("signal", signal, "an AbortSignal");
  return {
    ttlMs: Math.ceil(ttlMs),
    waitMs,
    signal,
    autoExtend: options?.autoExtend ?? defaults.autoExtend,
    limit,
  };
}

export function checkTtl(argument: string, ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_MS)
    throw new LockArgumentError(argument, ttlMs, `a finite number of ms > 0 and <= ${MAX_MS}`);
}

export function checkPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== "string" || /[{}]/.test(prefix))
    throw new LockArgumentError("prefix", prefix, "a string without { or }");
}
