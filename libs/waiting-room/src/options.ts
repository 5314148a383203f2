import type { ScriptClient } from "@ticketing/redis-script";

/**
 * The Redis client the room runs its scripts on: a connected @redis/client v5/v6 client or cluster client, or
 * anything with `evalSha` and `eval`. Every call of one event touches keys of one hash slot.
 */
export type WaitingRoomRedis = ScriptClient;

/**
 * The inventory port: how many seats of the event a buyer could still obtain right now (not held, not sold), as the
 * reservation engine knows it. The room asks before each admission step; it may answer synchronously.
 */
export type InventoryPort = (eventId: string) => number | Promise<number>;

/** Epoch milliseconds, like `Date.now`. */
export type Clock = () => number;

export interface JoinLimitOptions {
  /** New tickets one IP address may take per event and window. */
  readonly limit: number;
  /** The window, in ms. */
  readonly windowMs: number;
}

export interface WaitingRoomOptions {
  /** Where the room keeps its state. The room never closes it. */
  readonly redis: WaitingRoomRedis;
  /**
   * Signs admission tokens and ticket receipts (HS256 and HMAC-SHA256 under keys derived from it). At least 32 bytes;
   * every instance of the service uses the same one.
   */
  readonly secret: string | Uint8Array;
  /** The inventory port. */
  readonly inventory: InventoryPort;
  /** Prepended to every key; no `{` or `}`. @default "wr:" */
  readonly prefix?: string;
  /** How long an admitted buyer has to start a reservation with the token, in ms. @default 120_000 */
  readonly admissionTtlMs?: number;
  /**
   * How long after the token's expiry the slot stays counted, in ms, so that a reservation started just before the
   * expiry can still settle. @default 30_000
   */
  readonly settleGraceMs?: number;
  /** New tickets per IP address per event; `false` turns the limit off. @default { limit: 20, windowMs: 60_000 } */
  readonly joinsPerIp?: JoinLimitOptions | false;
  /**
   * How often this instance runs an admission step for each event it has served, in ms; 0 leaves every step to
   * explicit `tick` calls. @default 250
   */
  readonly tickMs?: number;
  /** Most buyers one admission step admits or expires, 1 to 2,000 (bounds one script's run time). @default 1_000 */
  readonly maxPerTick?: number;
  /** The time source, for tests. @default Date.now */
  readonly clock?: Clock;
}

/** The operator's settings of one event's room. */
export interface RoomSettings {
  /**
   * When the sale opens. Buyers who join earlier are put in a random order among themselves (the pre-queue); later
   * buyers are served in the order they joined.
   */
  readonly opensAt: Date | number;
  /** The most buyers admitted per second, across the fleet (the rate the service can absorb). */
  readonly admitPerSecond: number;
  /**
   * How many admitted-but-undecided buyers the room allows per obtainable seat, for typical abandonment. @default 1
   */
  readonly overbooking?: number;
  /** Admissions that may be spent at once after a pause (sold out, seats back, late tick). @default admitPerSecond */
  readonly burst?: number;
}

export interface RecoverOptions {
  /**
   * How long admissions wait after the room is re-created, in ms, so that buyers can come back with their receipts
   * and every token issued before the loss expires. @default admissionTtlMs + settleGraceMs
   */
  readonly pauseMs?: number;
}

/** Defaults of the room options, exported so that callers can derive their own limits from them. */
export const WAITING_ROOM_DEFAULTS = {
  prefix: "wr:",
  admissionTtlMs: 120_000,
  settleGraceMs: 30_000,
  joinsPerIp: { limit: 20, windowMs: 60_000 },
  tickMs: 250,
  maxPerTick: 1_000,
  overbooking: 1,
} as const;

export interface ResolvedOptions {
  readonly redis: WaitingRoomRedis;
  readonly secret: Uint8Array;
  readonly inventory: InventoryPort;
  readonly prefix: string;
  readonly admissionTtlMs: number;
  readonly settleGraceMs: number;
  readonly joinsPerIp: JoinLimitOptions | false;
  readonly tickMs: number;
  readonly maxPerTick: number;
  readonly clock: Clock;
}
