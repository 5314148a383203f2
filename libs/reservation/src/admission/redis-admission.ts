import type { RedisScript } from "@ticketing/redis-script";
import { ReservationError, UnavailableError } from "../errors.js";
import type { RedisScriptClient } from "../types.js";
import {
  decodeHold,
  encodeHold,
  type Admission,
  type AdmitResult,
  type CounterSnapshot,
  type CounterState,
  type Hold,
  type Returned,
} from "./admission.js";
import { responsiveTimeout } from "./responsive-timeout.js";
import {
  admitScript,
  confirmScript,
  dropScript,
  installScript,
  peekScript,
  releaseScript,
  restockScript,
  staleScript,
} from "./scripts.js";

export interface RedisAdmissionOptions {
  /** A connected node-redis client or cluster client; never closed here. */
  client: RedisScriptClient;
  /** Prefix of every key. */
  prefix: string;
  /** Bound on one call, not counting stalls of this process (see responsiveTimeout), in ms. */
  timeoutMs: number;
}

/**
 * Fleet-wide admission: one Lua call per request. An event's keys share the hash tag {eventId}, so they live in
 * one slot and the scripts work on Redis Cluster.
 */
export class RedisAdmission implements Admission {
  readonly kind = "redis" as const;
  private readonly client: RedisScriptClient;
  private readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(options: RedisAdmissionOptions) {
    const { client } = options;
    // Every call is bounded by responsiveTimeout below. node-redis would also arm its own per-command timeout (an
    // AbortSignal.timeout each, 5 s by default), which cost more CPU than the rest of the command: switched off here.
    this.client = (client.withCommandOptions?.({ timeout: 0 }) as RedisScriptClient | undefined) ?? client;
    this.prefix = options.prefix;
    this.timeoutMs = options.timeoutMs;
  }

  async admit(hold: Hold, maxPerUser: number | null): Promise<AdmitResult> {
    const [status = -1, available = 0, pending = 0, held = 0, oldest = -1] = await this.call(
      admitScript,
      this.counter(hold.eventId),
      [hold.quantity, hold.userId, maxPerUser ?? 0, encodeHold(hold), hold.admittedAt],
    );
    if (status === 1) return { kind: "admitted" };
    if (status === -1) return { kind: "missing" };
    return {
      kind: "refused",
      reason: status === 2 ? "per_user" : "seats",
      available,
      pending,
      held,
      oldest: oldest < 0 ? null : oldest,
    };
  }

  async confirm(eventId: string, holds: readonly Hold[]): Promise<void> {
    const [, , inflight, pending] = this.counter(eventId);
    await this.call(confirmScript, [inflight, pending], holds.map(encodeHold));
  }

  release(eventId: string, holds: readonly Hold[]): Promise<number> {
    return this.call(releaseScript, this.counter(eventId), holds.map(encodeHold));
  }

  async restock(eventId: string, returned: readonly Returned[]): Promise<void> {
    if (returned.length === 0) return;
    const [available, users] = this.counter(eventId);
    await this.call(
      restockScript,
      [available, users],
      returned.flatMap((r) => [r.quantity, r.userId]),
    );
  }

  async install(eventId: string, state: CounterState, mode: "missing" | "force"): Promise<boolean> {
    const args: (string | number)[] = [
      mode,
      state.available,
      state.holds.length,
      ...state.holds.map(encodeHold),
    ];
    for (const [userId, held] of state.users) args.push(userId, held);
    return (await this.call(installScript, this.counter(eventId), args)) === 1;
  }

  async snapshot(eventId: string): Promise<CounterSnapshot> {
    const [available, , inflight, pending] = this.counter(eventId);
    const [exists = 0, seats = 0, held = 0, oldest = -1] = await this.call(
      peekScript,
      [available, inflight, pending],
      [],
    );
    return { available: exists === 1 ? seats : null, pending: held, oldest: oldest < 0 ? null : oldest };
  }

  async stale(eventId: string, before: number, limit: number): Promise<Hold[]> {
    const [, , inflight] = this.counter(eventId);
    const members = await this.call(staleScript, [inflight], [before, limit]);
    return members.map((member) => decodeHold(eventId, member));
  }

  async invalidate(eventId: string): Promise<void> {
    await this.call(dropScript, this.counter(eventId), []);
  }

  async ping(): Promise<boolean> {
    try {
      await this.snapshot("00000000-0000-0000-0000-000000000000");
      return true;
    } catch {
      return false;
    }
  }

  /** available, users, inflight, pending: the keys of the event's counter, in the order the scripts declare. */
  private counter(eventId: string): [string, string, string, string] {
    const base = `${this.prefix}{${eventId}}`;
    return [`${base}:available`, `${base}:users`, `${base}:inflight`, `${base}:pending`];
  }

  private async call<R>(
    script: RedisScript<R>,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<R> {
    try {
      return await responsiveTimeout(
        script.run(this.client, keys, args),
        this.timeoutMs,
        () => new UnavailableError("redis", `${script.name} timed out after ${this.timeoutMs} ms`),
      );
    } catch (error) {
      if (error instanceof ReservationError) throw error;
      throw new UnavailableError(
        "redis",
        `${script.name}: ${(error as Error)?.message ?? String(error)}`,
        error,
      );
    }
  }
}
