import { encodeMessage } from "./bus.js";
import { decodeEntry, encodeEntry, type Entry } from "./entry.js";
import type { KeyLayout } from "./keys.js";
import type { CacheRedisClient } from "./redis-client.js";
import { Deadlines } from "./deadlines.js";
import { deleteScript, deleteTagScript, writeScript } from "./scripts.js";
import type { Serializer } from "./serializer.js";

/** Reads of a tag's set before deleteByTag/clear gives up because writes keep adding members to it. */
const SET_DELETE_ATTEMPTS = 5;

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
    const keys = [
      this.keys.keyGeneration(key),
      this.keys.value(key),
      this.keys.namespaceGeneration,
      this.keys.namespaceSet,
    ];
    for (const tag of entry.tags ?? []) keys.push(this.keys.tagGeneration(tag), this.keys.tagSet(tag));
    const stored = await writeScript.run(this.#bounded(), keys, [
      encodeEntry(entry, payload),
      Math.max(1, Math.ceil(entry.staleUntil - now)),
      snapshot,
      key,
      this.keys.channel,
      encodeMessage("w", this.instanceId, key),
    ]);
    return stored === 1;
  }

  async delete(key: string): Promise<void> {
    await deleteScript.run(
      this.#bounded(),
      [this.keys.sequence, this.keys.value(key), this.keys.keyGeneration(key)],
      [this.generationTtlMs, this.keys.channel, encodeMessage("d", this.instanceId, key)],
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

  /**
   * Reads the members of the set, then removes them and the set in one script, which refuses (and is run again) when
   * a write added a member in between: every key the script touches is declared in its KEYS.
   */
  async #deleteSet(generationKey: string, setKey: string, message: string): Promise<void> {
    const { sequence } = this.keys;
    for (let attempt = 1; ; attempt++) {
      const members = await this.bound(this.#ready().sMembers(setKey));
      if (!Array.isArray(members)) throw new TypeError(`SMEMBERS ${setKey} answered ${typeof members}`);
      const keys = [sequence, generationKey, setKey];
      const args: (string | number)[] = [this.generationTtlMs, this.keys.channel, message];
      for (const member of members as unknown[]) {
        keys.push(sequence, this.keys.keyGeneration(String(member)), this.keys.value(String(member)));
        args.push(String(member));
      }
      if ((await deleteTagScript.run(this.#bounded(), keys, args)) >= 0) return;
      if (attempt === SET_DELETE_ATTEMPTS) {
        throw new Error(`${setKey} kept changing while it was being deleted (${attempt} attempts)`);
      }
    }
  }
}
