/**
 * The keys of one event's room. They share the hash tag `{eventId}`, so on a Redis Cluster a room lives in one slot
 * and every script of it runs on one node; different events spread over the cluster.
 */
export interface RoomKeys {
  /**
   * HASH: the operator's settings (opensAt, admitPerSecond, overbooking, burst, admitFrom) and the room's counters
   * (opened, hlc, admitted, seatsTaken, soldOut, token bucket, measured rate): one read gives a script all of them.
   */
  readonly room: string;
  /** ZSET: waiting identities scored by their place in line. */
  readonly queue: string;
  /** HASH: identity → ticket record `state|seq|joinedAt|deadline|outcome`. */
  readonly tickets: string;
  /** ZSET: admitted-but-undecided identities scored by the moment their slot returns. */
  readonly undecided: string;
  /** LIST: (time, admitted) samples of the last half minute, newest first, for the measured rate. */
  readonly samples: string;
}

export function roomKeys(prefix: string, eventId: string): RoomKeys {
  const base = `${prefix}{${eventId}}:`;
  return {
    room: `${base}room`,
    queue: `${base}queue`,
    tickets: `${base}tickets`,
    undecided: `${base}undecided`,
    samples: `${base}samples`,
  };
}

/** The per-IP join counter of an event (same hash slot as the room; expires with its window). */
export function ipKey(prefix: string, eventId: string, ip: string): string {
  return `${prefix}{${eventId}}:ip:${ip}`;
}
