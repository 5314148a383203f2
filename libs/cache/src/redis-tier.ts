import { encodeMessage } from "./bus.js";
import { decodeEntry, encodeEntry, type Entry } from "./entry.js";
import type { KeyLayout } from "./keys.js";
import type { CacheRedisClient } from "./redis-client.js";
import { defineScript, runScript } from "./run-script.js";
import { Deadlines } from "./deadlines.js";
import type { Serializer } from "./serializer.js";
import deleteSource from "./delete.lua";
import deleteTagSource from "./delete-tag.lua";
import writeSource from "./write.lua";

const writeScript = defineScript(writeSource);
const deleteScript = defineScript(deleteSource);
const deleteTagScript = defineScript(deleteTagSource);

/** Thrown (and turned into a `cache:error` event) when the client is not connected, instead of queueing. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

/**
 * The shared L2 in Redis. Every method may throw; the cache turns that into fail-open behaviour. Every call is bounded
 * by `commandTimeout` through one sweeping timer (see Deadlines); the client's own per-command timer is turned off.
 */
export class RedisTier {
  readonly #client: CacheRedisClient;
  readonly #deadlines: Deadlines;

  constructor(
    readonly raw: CacheRedisClient,
    readonly keys: KeyLayout,
    readonly serializer: Serializer,
    commandTimeout: number,
    readonly generationTtlMs: number,
    readonly instanceId: string,
  ) {
    this.#client = (raw.withCommandOptions?.({ timeout: 0 }) as CacheRedisClient | undefined) ?? raw;
    this.#deadlines = new Deadlines(commandTimeout);
  }

  get isReady(): boolean {
    return this.raw.isReady;
  }

  /** Fails at once while the client reconnects, so that callers are not parked in the offline queue. */
  #ready(): CacheRedisClient {
    if (!this.raw.isReady) throw new RedisUnavailableError("Redis client is not ready");
    return this.#client;
  }

  /** Bounds any Redis call (the lock service's too) by commandTimeout; `onLate` receives a result that came too late. */
  bound<T>(call: Promise<T>, onLate?: (value: T) => void): Promise<T> {
    return this.#deadlines.track(call, onLate);
  }

  /** EVALSHA/EVAL with each call bounded by commandTimeout. */
  #bounded(): Pick<CacheRedisClient, "evalSha" | "eval"> {
    const client = this.#ready();
    return {
      evalSha: (sha, options) => this.bound(client.evalSha(sha, options)),
      eval: (script, options) => this.bound(client.eval(script, options)),
    };
  }

  /** One GET round trip; throws at once (no queueing) while the client is not ready. */
  get(key: string): Promise<Entry | undefined> {
    if (!this.raw.isReady) throw new RedisUnavailableError("Redis client is not ready");
    return this.#deadlines.track(this.#client.get(this.keys.value(key))).then(this.#decode);
  }

  readonly #decode = (text: unknown): Entry | undefined =>
    typeof text === "string" ? decodeEntry(text, this.serializer) : undefined;

  /** The entry and the namespace sequence in one round trip; the sequence is the snapshot a later write is checked against. */
  async readForLoad(key: string): Promise<{ entry: Entry | undefined; snapshot: number }> {
    const reply = await this.bound(this.#ready().mGet([this.keys.value(key), this.keys.sequence]));
    const [text, sequence] = Array.isArray(reply) ? (reply as unknown[]) : [];
    return {
      entry: typeof text === "string" ? decodeEntry(text, this.serializer) : undefined,
      snapshot: typeof sequence === "string" ? Number(sequence) : 0,
    };
  }

  /**
   * Stores the entry unless (snapshot ≥ 0) an invalidation of the key, a tag or the namespace was sequenced after the
   * snapshot. Returns whether it was stored. Publishes a write notice that drops other instances' L1 copies.
   */
  async write(
    key: string,
    entry: Entry,
    payload: string | undefined,
    snapshot: number,
    now: number,
  ): Promise<boolean> {
    const tags = entry.tags ?? [];
    const generations = [
      this.keys.keyGeneration(key),
      this.keys.namespaceGeneration,
      ...tags.map((tag) => this.keys.tagGeneration(tag)),
    ];
    const sets = [this.keys.namespaceSet, ...tags.map((tag) => this.keys.tagSet(tag))];
    const stored = await runScript(
      this.#bounded(),
      writeScript,
      [this.keys.value(key), ...generations, ...sets],
      [
        encodeEntry(entry, payload),
        String(Math.max(1, Math.ceil(entry.staleUntil - now))),
        String(snapshot),
        String(generations.length),
        key,
        this.keys.channel,
        encodeMessage("w", this.instanceId, key),
      ],
    );
    return Number(stored) === 1;
  }

  async delete(key: string): Promise<void> {
    await runScript(
      this.#bounded(),
      deleteScript,
      [this.keys.sequence, this.keys.value(key), this.keys.keyGeneration(key)],
      [String(this.generationTtlMs), this.keys.channel, encodeMessage("d", this.instanceId, key)],
    );
  }

  async deleteByTag(tag: string): Promise<void> {
    await this.#deleteSet(
      this.keys.tagGeneration(tag),
      this.keys.tagSet(tag),
      encodeMessage("t", this.instanceId, tag),
    );
  }

  async clear(): Promise<void> {
    await this.#deleteSet(
      this.keys.namespaceGeneration,
      this.keys.namespaceSet,
      encodeMessage("c", this.instanceId),
    );
  }

  close(): void {
    this.#deadlines.close();
  }

  async publish(message: string): Promise<void> {
    await this.bound(this.#ready().publish(this.keys.channel, message));
  }

  async #deleteSet(generationKey: string, setKey: string, message: string): Promise<void> {
    await runScript(
      this.#bounded(),
      deleteTagScript,
      [this.keys.sequence, generationKey, setKey],
      [
        this.keys.valuePrefix,
        this.keys.keyGenerationPrefix,
        String(this.generationTtlMs),
        this.keys.channel,
        message,
      ],
    );
  }
}
