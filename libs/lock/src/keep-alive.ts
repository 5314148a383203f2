import type { LockBackend, Share } from "./backend.js";
import { within } from "./deadline.js";
import type { StoreGrant } from "./store-queue.js";

const NO_ANSWER = Symbol("no answer");

/**
 * The resources a multi-resource acquisition holds while it waits for the next one, kept alive: every ttl/3 they
 * are extended together. If one is lost (its extension is refused, or not answered before it expires), `signal`
 * aborts, so that the acquisition gives everything back instead of reporting a resource someone else may hold.
 */
export class KeepAlive {
  readonly resources: string[] = [];
  readonly fences: number[] = [];
  readonly #backend: LockBackend;
  readonly #token: string;
  readonly #ttlMs: number;
  readonly #share: Share;
  readonly #controller = new AbortController();
  /** Local expiry per resource held. */
  readonly #expiries: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(backend: LockBackend, token: string, ttlMs: number, share: Share) {
    this.#backend = backend;
    this.#token = token;
    this.#ttlMs = ttlMs;
    this.#share = share;
  }

  /** Aborts once a resource held is lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get lost(): boolean {
    return this.#controller.signal.aborted;
  }

  /** The earliest local expiry of the resources held. */
  get expiresAt(): number {
    return Math.min(...this.#expiries);
  }

  add(resource: string, grant: StoreGrant): void {
    this.resources.push(resource);
    this.fences.push(grant.fence);
    this.#expiries.push(grant.expiresAt);
    if (!this.#timer) this.#schedule(this.#ttlMs / 3);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(delay: number): void {
    if (this.#stopped || this.lost) return;
    this.#timer = setTimeout(() => void this.#refresh(), delay);
  }

  async #refresh(): Promise<void> {
    const sentAt = Date.now();
    const count = this.resources.length;
    const extensions = Promise.all(
      this.resources.map((resource) => this.#backend.extend(resource, this.#token, this.#ttlMs, this.#share)),
    );
    const owned = await within(extensions, this.expiresAt - sentAt, NO_ANSWER).catch(() => undefined);
    if (this.#stopped) return;
    if (owned === NO_ANSWER || (owned && owned.includes(false))) return this.#controller.abort();
    if (owned === undefined) {
      // The store erred: try again soon, until the resources would have expired.
      if (Date.now() >= this.expiresAt) return this.#controller.abort();
      return this.#schedule(Math.min(this.#ttlMs / 10, 500));
    }
    const expiresAt = sentAt + this.#ttlMs - this.#backend.driftMs(this.#ttlMs);
    for (let i = 0; i < count; i++) this.#expiries[i] = expiresAt;
    this.#schedule(this.#ttlMs / 3);
  }
}
