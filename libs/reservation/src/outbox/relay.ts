import { Emitter } from "../emitter.js";
import { InvalidInputError } from "../errors.js";
import type { Outbox, OutboxMessage } from "./outbox.js";

/** A transport for outbox messages (SQS: `SqsPublisher` from `@ticketing/reservation/sqs`). */
export interface OutboxPublisher {
  /** Most messages one `publish` call takes. */
  readonly maxBatch: number;
  /**
   * Sends messages of distinct reservations; resolves with those that were not accepted (none: all were). Whatever it
   * does not list as failed is marked published, so it must not resolve before the transport acknowledged them.
   */
  publish(messages: readonly OutboxMessage[]): Promise<PublishFailure[]>;
}

export interface PublishFailure {
  /** The message's id. */
  id: string;
  /** The transport's error code, e.g. `RequestThrottled`. */
  code: string;
  /** The transport asked to slow down: the relay pauses before its next send, longer each time in a row. */
  throttled: boolean;
}

export interface OutboxRelayOptions {
  outbox: Outbox;
  publisher: OutboxPublisher;
  /** Sends in flight at once, each of up to `publisher.maxBatch` messages. @default 4 */
  concurrency?: number;
  /** Wait when nothing is claimable (a change committed in this process wakes the relay at once), in ms. @default 250 */
  pollMs?: number;
  /**
   * A claim's lease, in ms: messages of a relay that died or stalled are claimed by another after it, and sent again
   * (at least once). Each send is aborted after half of it. @default 30000
   */
  leaseMs?: number;
  /** Delay before a failed message is retried, doubled per attempt (with jitter) up to `maxBackoffMs`. @default 200 */
  backoffMs?: number;
  /** Longest retry delay, and longest pause after throttling, in ms. @default 30000 */
  maxBackoffMs?: number;
  /** How long published messages stay in the table before the relay deletes them, in ms. @default 86400000 (a day) */
  retentionMs?: number;
}

/** What the relay reports, by name. */
export interface OutboxRelayEvents {
  /** Messages were acknowledged by the transport and marked published. */
  "relay:published": { count: number };
  /** Messages were not accepted; each is retried after `retryInMs` (about: jitter) at the earliest. */
  "relay:failed": { failures: PublishFailure[]; throttled: boolean };
  /** The database failed (claim, mark, prune); the relay retries after a pause. */
  "relay:error": { error: unknown };
}

const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1_000;

/**
 * Publishes the outbox at least once, in order per reservation: it claims messages (at most one pending change per
 * reservation at a time), sends them, marks the acknowledged ones published and gives the failed ones back with a
 * growing delay, so only those are sent again. Any number of relays may run, in any number of processes; each
 * reservation's next change is claimable only once the previous one is published, so no change overtakes another.
 *
 * @example
 * const relay = new OutboxRelay({ outbox: engine.outbox, publisher: new SqsPublisher({ client, queueUrl }) });
 * relay.start();
 * // on shutdown: await relay.stop(); await engine.close();
 */
export class OutboxRelay {
  private readonly emitter = new Emitter<OutboxRelayEvents>();
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly retentionMs: number;
  private loop: Promise<void> | null = null;
  private running = false;
  private wake: (() => void) | null = null;
  /** Whether the current pause ends when this process commits a change (not while backing off). */
  private wakeOnChange = false;
  private throttledInARow = 0;
  private prunedAt = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: OutboxRelayOptions) {
    this.concurrency = positive(options.concurrency ?? 4, "concurrency");
    this.pollMs = positive(options.pollMs ?? 250, "pollMs");
    this.leaseMs = positive(options.leaseMs ?? 30_000, "leaseMs");
    this.backoffMs = positive(options.backoffMs ?? 200, "backoffMs");
    this.maxBackoffMs = positive(options.maxBackoffMs ?? 30_000, "maxBackoffMs");
    this.retentionMs = positive(options.retentionMs ?? 86_400_000, "retentionMs");
  }

  on<K extends keyof OutboxRelayEvents>(name: K, listener: (payload: OutboxRelayEvents[K]) => void): void {
    this.emitter.on(name, listener);
  }

  off<K extends keyof OutboxRelayEvents>(name: K, listener: (payload: OutboxRelayEvents[K]) => void): void {
    this.emitter.off(name, listener);
  }

  /** Starts publishing in the background until `stop`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.outbox.onChange(() => {
      if (this.wakeOnChange) this.wake?.();
    });
    this.loop = this.run();
  }

  /** Stops claiming, lets the sends in flight finish and be marked, then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /**
   * One round: claims what is claimable (up to `concurrency` × `maxBatch`), sends it and settles the outcome. Returns
   * how many messages were published and how many failed.
   */
  async runOnce(): Promise<{ published: number; failed: number }> {
    const { outbox, publisher } = this.options;
    const messages = await outbox.claim({
      limit: publisher.maxBatch * this.concurrency,
      leaseMs: this.leaseMs,
    });
    if (messages.length === 0) return { published: 0, failed: 0 };
    const chunks: OutboxMessage[][] = [];
    for (let i = 0; i < messages.length; i += publisher.maxBatch) {
      chunks.push(messages.slice(i, i + publisher.maxBatch));
    }
    const failures = (await Promise.all(chunks.map((chunk) => this.send(chunk)))).flat();
    const failedIds = new Set(failures.map((f) => f.id));
    const sent = messages.filter((m) => !failedIds.has(m.id));
    await outbox.published(sent.map((m) => m.id));
    if (sent.length > 0) this.emitter.emit("relay:published", { count: sent.length });
    if (failures.length > 0) {
      const throttled = failures.some((f) => f.throttled);
      this.throttledInARow = throttled ? this.throttledInARow + 1 : 0;
      // Retry delays grow with each message's attempts; messages of one attempt count share one UPDATE.
      const byDelay = new Map<number, string[]>();
      for (const message of messages.filter((m) => failedIds.has(m.id))) {
        const delay = this.delay(message.attempts);
        byDelay.set(delay, [...(byDelay.get(delay) ?? []), message.id]);
      }
      for (const [delay, ids] of byDelay) await outbox.retryLater(ids, delay);
      this.emitter.emit("relay:failed", { failures, throttled });
    } else {
      this.throttledInARow = 0;
    }
    return { published: sent.length, failed: failures.length };
  }

  private async send(chunk: OutboxMessage[]): Promise<PublishFailure[]> {
    try {
      return await this.options.publisher.publish(chunk);
    } catch (error) {
      const code = error instanceof Error ? error.name : "Error";
      return chunk.map((m) => ({ id: m.id, code, throttled: false }));
    }
  }

  private async run(): Promise<void> {
    let errorsInARow = 0;
    while (this.running) {
      try {
        if (this.throttledInARow > 0) await this.pause(this.delay(this.throttledInARow), false);
        const { published, failed } = await this.runOnce();
        await this.pruneNow();
        errorsInARow = 0;
        // A full claim means more is waiting: go on at once.
        if (published + failed < this.options.publisher.maxBatch * this.concurrency) {
          await this.pause(this.pollMs, true);
        }
      } catch (error) {
        this.emitter.emit("relay:error", { error });
        await this.pause(this.delay(++errorsInARow), false);
      }
    }
  }

  private async pruneNow(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    while ((await this.options.outbox.prune(this.retentionMs, PRUNE_BATCH)) === PRUNE_BATCH && this.running) {
      // A large backlog of old messages goes in several small deletes.
    }
  }

  /** Exponential in `attempt` (1, 2, …) from backoffMs up to maxBackoffMs, with jitter between half and all of it. */
  private delay(attempt: number): number {
    const full = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
    return Math.round(full / 2 + (Math.random() * full) / 2);
  }

  /** Sleeps up to `ms`, or until `stop` (or, with `byChange`, a change committed in this process). */
  private pause(ms: number, byChange: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.wakeOnChange = byChange;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

function positive(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError([
      { path: `options.${name}`, message: `must be a positive number, got ${String(value)}` },
    ]);
  }
  return value;
}
