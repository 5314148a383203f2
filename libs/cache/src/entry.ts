import type { Serializer } from "./serializer.js";

/** One cached value with its deadlines; shared by both tiers. */
export interface Entry {
  readonly value: unknown;
  /** Epoch ms until which the value is fresh. */
  readonly freshUntil: number;
  /** Epoch ms until which the value may still be served stale (freshUntil + grace). */
  readonly staleUntil: number;
  readonly tags: readonly string[] | undefined;
  /** How long the loader took, for probabilistic early refresh. */
  readonly loadMs: number;
}

/**
 * Redis string layout: `freshUntil,staleUntil,kind,loadMs,tagsLength|<tags JSON><payload>`; kind is `v` (payload is
 * the serialized value), `n` (null) or `u` (undefined). Deadlines travel with the value so that every instance agrees
 * on when it turns stale without a second round trip.
 */
export function encodeEntry(entry: Entry, payload: string | undefined): string {
  const kind = entry.value === null ? "n" : entry.value === undefined ? "u" : "v";
  const tags = entry.tags && entry.tags.length > 0 ? JSON.stringify(entry.tags) : "";
  return `${entry.freshUntil},${entry.staleUntil},${kind},${entry.loadMs},${tags.length}|${tags}${kind === "v" ? payload : ""}`;
}

/** Returns undefined for a string this version did not write, so that a foreign key reads as a miss. */
export function decodeEntry(text: string, serializer: Serializer): Entry | undefined {
  const bar = text.indexOf("|");
  if (bar < 0) return undefined;
  const header = text.slice(0, bar).split(",");
  if (header.length !== 5) return undefined;
  const [fresh, stale, kind, loadMs, tagsLength] = header as [string, string, string, string, string];
  const tagsEnd = bar + 1 + Number(tagsLength);
  const tags = tagsEnd > bar + 1 ? (JSON.parse(text.slice(bar + 1, tagsEnd)) as string[]) : undefined;
  const value = kind === "v" ? serializer.deserialize(text.slice(tagsEnd)) : kind === "n" ? null : undefined;
  return { value, freshUntil: Number(fresh), staleUntil: Number(stale), tags, loadMs: Number(loadMs) };
}

/** Deadlines and TTL policy applied when a value is stored. */
export interface EntryPolicy {
  ttl: number;
  grace: number;
  jitter: number;
  negativeTtl: number | false;
}

/**
 * Builds the entry for a value: jitter takes up to `jitter × ttl` off so that keys written together do not expire
 * together; a loaded `undefined`/`null` ("not found") lives `negativeTtl` without grace, or is not stored (undefined).
 */
export function createEntry(
  value: unknown,
  policy: EntryPolicy,
  options: { ttl?: number; grace?: number; tags?: readonly string[] } | undefined,
  loadMs: number,
  now: number,
  explicit: boolean,
): Entry | undefined {
  const negative = value === undefined || value === null;
  let ttl = options?.ttl ?? policy.ttl;
  if (negative && !explicit) {
    if (policy.negativeTtl === false) return undefined;
    ttl = policy.negativeTtl;
  }
  const freshUntil = now + Math.max(1, Math.round(ttl * (1 - policy.jitter * Math.random())));
  const grace = negative ? 0 : (options?.grace ?? policy.grace);
  return { value, freshUntil, staleUntil: freshUntil + grace, tags: options?.tags, loadMs };
}
