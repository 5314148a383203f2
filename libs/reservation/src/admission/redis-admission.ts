import { UnavailableError } from "../errors.js";
import type { RedisScriptClient } from "../types.js";
import {
  decodeHold,
  encodeHold,
  type Admission,
  type AdmitResult,
  type CounterSnapshot,
  type CounterState,
  type Hold,
} from "./admission.js";
import admitLua from "./admit.lua";
import confirmLua from "./confirm.lua";
import dropLua from "./drop.lua";
import installLua from "./install.lua";
import peekLua from "./peek.lua";
import releaseLua from "./release.lua";
import { responsiveTimeout } from "./responsive-timeout.js";
import restockLua from "./restock.lua";
import { Script } from "./script.js";
import staleLua from "./stale.lua";

const scripts = {
  admit: new Script("admit", admitLua),
  confirm: new Script("confirm", confirmLua),
  release: new Script("release", releaseLua),
  restock: new Script("restock", restockLua),
  install: new Script("install", installLua),
  peek: new Script("peek", peekLua),
  stale: new Script("stale", staleLua),
  drop: new Script("drop", dropLua),
};

/**
 * Fleet-wide admission: one Lua call per request. An event's keys share the hash tag {eventId}, so they live in
 * one slot and the scripts work on Redis Cluster.
 */
export class RedisAdmission implements Admission {
  readonly kind = "redis" as const;
  private readonly client: RedisScriptClient;

  constructor(
    client: RedisScriptClient,
    private readonly prefix: string,
    private readonly timeoutMs: number,
  ) {
    // Every call is bounded by responsiveTimeout below. node-redis would also arm its own per-command timeout (an
    // AbortSignal.timeout each, 5 s by default), which cost more CPU than the rest of the command: switched off here.
    this.client = (client.withCommandOptions?.({ timeout: 0 }) as RedisScriptClient | undefined) ?? client;
  }

  async admit(hold: Hold, maxPerUser: number | null): Promise<AdmitResult> {
    const k = this.keys(hold.eventId);
    const reply = (await this.call(
      scripts.admit,
      [k.avail, k.users, k.inflight, k.pending],
      [
        String(hold.quantity),
        hold.userId,
        String(maxPerUser ?? 0),
        encodeHold(hold),
        String(hold.admittedAt),
      ],
    )) as number[];
    const [status = -1, available = 0, pending = 0, held = 0, oldest = -1] = reply.map(Number);
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
    const k = this.keys(eventId);
    await this.call(scripts.confirm, [k.inflight, k.pending], holds.map(encodeHold));
  }

  async release(eventId: string, holds: readonly Hold[]): Promise<number> {
    const k = this.keys(eventId);
    return Number(
      await this.call(scripts.release, [k.avail, k.users, k.inflight, k.pending], holds.map(encodeHold)),
    );
  }

  async restock(eventId: string, userId: string, quantity: number): Promise<void> {
    const k = this.keys(eventId);
    await this.call(scripts.restock, [k.avail, k.users], [String(quantity), userId]);
  }

  async install(eventId: string, state: CounterState, mode: "missing" | "force"): Promise<boolean> {
    const k = this.keys(eventId);
    const args = [mode, String(state.available), String(state.holds.length), ...state.holds.map(encodeHold)];
    for (const [userId, held] of state.users) args.push(userId, String(held));
    return Number(await this.call(scripts.install, [k.avail, k.users, k.inflight, k.pending], args)) === 1;
  }

  async snapshot(eventId: string): Promise<CounterSnapshot> {
    const k = this.keys(eventId);
    const [exists = 0, available = 0, pending = 0, oldest = -1] = (
      (await this.call(scripts.peek, [k.avail, k.inflight, k.pending], [])) as unknown[]
    ).map(Number);
    return { available: exists === 1 ? available : null, pending, oldest: oldest < 0 ? null : oldest };
  }

  async stale(eventId: string, before: number, limit: number): Promise<Hold[]> {
    const k = this.keys(eventId);
    const members = (await this.call(
      scripts.stale,
      [k.inflight],
      [String(before), String(limit)],
    )) as string[];
    return members.map((m) => decodeHold(eventId, String(m)));
  }

  async invalidate(eventId: string): Promise<void> {
    const k = this.keys(eventId);
    await this.call(scripts.drop, [k.avail, k.users, k.inflight, k.pending], []);
  }

  async ping(): Promise<boolean> {
    try {
      await this.snapshot("00000000-0000-0000-0000-000000000000");
      return true;
    } catch {
      return false;
    }
  }

  private keys(eventId: string) {
    const base = `${this.prefix}{${eventId}}`;
    return {
      avail: `${base}:available`,
      users: `${base}:users`,
      inflight: `${base}:inflight`,
      pending: `${base}:pending`,
    };
  }

  private async call(script: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await responsiveTimeout(
        script.run(this.client, keys, args),
        this.timeoutMs,
        () => new UnavailableError("redis", `${script.name} timed out after ${this.timeoutMs} ms`),
      );
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      throw new UnavailableError(
        "redis",
        `${script.name}: ${(error as Error)?.message ?? String(error)}`,
        error,
      );
    }
  }
}
