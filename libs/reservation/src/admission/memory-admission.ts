import type { Admission, AdmitResult, CounterSnapshot, CounterState, Hold, Returned } from "./admission.js";

interface Counter {
  available: number;
  pending: number;
  users: Map<string, number>;
  inflight: Map<string, Hold>;
}

/** In-process admission for a single process (embedded mode): the same steps as the Redis scripts, in memory. */
export class MemoryAdmission implements Admission {
  readonly kind = "memory" as const;
  private readonly counters = new Map<string, Counter>();

  async admit(hold: Hold, maxPerUser: number | null): Promise<AdmitResult> {
    const c = this.counters.get(hold.eventId);
    if (!c) return { kind: "missing" };
    if (c.available < hold.quantity) {
      return {
        kind: "refused",
        reason: "seats",
        available: c.available,
        pending: c.pending,
        held: 0,
        oldest: oldest(c),
      };
    }
    const held = c.users.get(hold.userId) ?? 0;
    if (maxPerUser !== null && held + hold.quantity > maxPerUser) {
      return {
        kind: "refused",
        reason: "per_user",
        available: c.available,
        pending: c.pending,
        held,
        oldest: oldest(c),
      };
    }
    c.users.set(hold.userId, held + hold.quantity);
    c.available -= hold.quantity;
    c.pending += hold.quantity;
    c.inflight.set(hold.reservationId, hold);
    return { kind: "admitted" };
  }

  async confirm(eventId: string, holds: readonly Hold[]): Promise<void> {
    const c = this.counters.get(eventId);
    if (!c) return;
    for (const hold of holds) {
      if (c.inflight.delete(hold.reservationId)) c.pending -= hold.quantity;
    }
  }

  async release(eventId: string, holds: readonly Hold[]): Promise<number> {
    const c = this.counters.get(eventId);
    if (!c) return 0;
    let released = 0;
    for (const hold of holds) {
      if (!c.inflight.delete(hold.reservationId)) continue;
      released++;
      c.pending -= hold.quantity;
      c.available += hold.quantity;
      c.users.set(hold.userId, (c.users.get(hold.userId) ?? 0) - hold.quantity);
    }
    return released;
  }

  async restock(eventId: string, returned: readonly Returned[]): Promise<void> {
    const c = this.counters.get(eventId);
    if (!c) return;
    for (const { userId, quantity } of returned) {
      c.available += quantity;
      c.users.set(userId, (c.users.get(userId) ?? 0) - quantity);
    }
  }

  async install(eventId: string, state: CounterState, mode: "missing" | "force"): Promise<boolean> {
    const existing = this.counters.get(eventId);
    if (existing && mode === "missing") return false;
    if (existing) {
      existing.available = state.available - existing.pending;
      existing.users = new Map(state.users);
      for (const hold of existing.inflight.values())
        existing.users.set(hold.userId, (existing.users.get(hold.userId) ?? 0) + hold.quantity);
      return true;
    }
    const users = new Map(state.users);
    const inflight = new Map<string, Hold>();
    let pending = 0;
    for (const hold of state.holds) {
      inflight.set(hold.reservationId, hold);
      pending += hold.quantity;
      users.set(hold.userId, (users.get(hold.userId) ?? 0) + hold.quantity);
    }
    this.counters.set(eventId, { available: state.available - pending, pending, users, inflight });
    return true;
  }

  async snapshot(eventId: string): Promise<CounterSnapshot> {
    const c = this.counters.get(eventId);
    if (!c) return { available: null, pending: 0, oldest: null };
    let oldest: number | null = null;
    for (const hold of c.inflight.values())
      oldest = oldest === null ? hold.admittedAt : Math.min(oldest, hold.admittedAt);
    return { available: c.available, pending: c.pending, oldest };
  }

  async stale(eventId: string, before: number, limit: number): Promise<Hold[]> {
    const c = this.counters.get(eventId);
    if (!c) return [];
    return [...c.inflight.values()].filter((h) => h.admittedAt < before).slice(0, limit);
  }

  async invalidate(eventId: string): Promise<void> {
    this.counters.delete(eventId);
  }

  async ping(): Promise<boolean> {
    return true;
  }
}

function oldest(c: Counter): number | null {
  let first: number | null = null;
  for (const hold of c.inflight.values())
    first = first === null ? hold.admittedAt : Math.min(first, hold.admittedAt);
  return first;
}
