import { encodeMessage, type BusKind } from "./bus.js";
import type { Loads } from "./loads.js";
import type { MemoryTier } from "./memory-tier.js";
import type { RedisTier } from "./redis-tier.js";
import type { Telemetry } from "./telemetry.js";

const MAX_PENDING = 1_000;
const KIND_NAMES = { d: "key", t: "tag", c: "clear", w: "write" } as const;
const OPERATIONS = { d: "delete", t: "deleteByTag", c: "clear" } as const;

export interface InvalidationContext {
  readonly instanceId: string;
  readonly l1: MemoryTier | undefined;
  readonly l2: RedisTier | undefined;
  /** Redis for messages: the same object as l2 unless the L2 tier is turned off. */
  readonly redis: RedisTier | undefined;
  readonly loads: Loads;
  readonly telemetry: Telemetry;
}

/**
 * Applies invalidations to this instance (L1 and running loads) and propagates them to Redis and the other instances;
 * those that fail during an outage are replayed when the subscriber reconnects.
 */
export class Invalidations {
  readonly #pending: (() => Promise<void>)[] = [];

  constructor(readonly ctx: InvalidationContext) {}

  apply(kind: "d" | "t" | "c" | "w", target: string, source: "local" | "remote"): void {
    const { l1, loads } = this.ctx;
    if (kind === "d" || kind === "w") l1?.delete(target);
    if (kind === "d") loads.invalidate((key) => key === target);
    if (kind === "t") {
      l1?.deleteByTag(target);
      loads.invalidate((_, flight) => flight.tags?.includes(target) === true);
    }
    if (kind === "c") {
      l1?.clear();
      loads.invalidate(() => true);
    }
    this.ctx.telemetry.invalidated(KIND_NAMES[kind], kind === "c" ? undefined : target, source);
  }

  /** Removes from L2 (which also notifies the other instances), or only notifies them when L2 is off. */
  async propagate(kind: "d" | "t" | "c", target: string): Promise<void> {
    const { l2, redis } = this.ctx;
    if (redis === undefined) return;
    const run = l2
      ? () => (kind === "d" ? l2.delete(target) : kind === "t" ? l2.deleteByTag(target) : l2.clear())
      : () => redis.publish(encodeMessage(kind, this.ctx.instanceId, target));
    try {
      await run();
    } catch (error) {
      this.ctx.telemetry.error(OPERATIONS[kind], kind === "d" ? target : undefined, error);
      // An outage must not leave other instances' copies alive: replay after the reconnect, or clear if too many.
      if (this.#pending.length < MAX_PENDING) this.#pending.push(run);
      else this.#pending.splice(0, this.#pending.length, () => this.propagate("c", ""));
    }
  }

  onRemote(kind: BusKind, target: string): void {
    if (kind !== "x") this.apply(kind, target, "remote");
    if (kind === "w" || kind === "d" || kind === "x") this.ctx.loads.waiters.wake(target);
  }

  onReconnect(): void {
    // Messages sent while disconnected are lost: nothing in L1 can be trusted any more.
    this.ctx.l1?.clear();
    this.ctx.loads.waiters.wakeAll();
    for (const run of this.#pending.splice(0)) {
      void run().catch((error: unknown) => this.ctx.telemetry.error("replay", undefined, error));
    }
  }

  async publish(kind: BusKind, target: string): Promise<void> {
    try {
      await this.ctx.redis?.publish(encodeMessage(kind, this.ctx.instanceId, target));
    } catch (error) {
      this.ctx.telemetry.error("publish", target, error);
    }
  }
}
