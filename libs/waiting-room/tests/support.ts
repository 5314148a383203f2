import { createClient } from "@redis/client";
import { uniquePrefix } from "@ticketing/testing";
import { createWaitingRoom, type WaitingRoom, type WaitingRoomOptions } from "../src/index.js";

export const SECRET = "test-secret-of-at-least-32-bytes-0123456789";
/** 2030-06-01T19:00:00Z: the opening used by the tests. */
export const OPENS_AT = Date.UTC(2030, 5, 1, 19, 0, 0);

const newClient = (url: string) => createClient({ url, socket: { reconnectStrategy: () => 50 } });
export type Client = ReturnType<typeof newClient>;

export async function connect(url: string): Promise<Client> {
  const client = newClient(url);
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** A clock the test moves by hand. */
export class ManualClock {
  now: number;

  constructor(start = OPENS_AT - 60_000) {
    this.now = start;
  }

  readonly read = (): number => this.now;

  advance(ms: number): void {
    this.now += ms;
  }

  set(at: number): void {
    this.now = at;
  }
}

/** The engine's seat count as the inventory port reports it, moved by the test. */
export class Seats {
  constructor(public available: number) {}

  readonly port = (): number => this.available;
}

export interface TestRoom {
  readonly room: WaitingRoom;
  readonly clock: ManualClock;
  readonly seats: Seats;
  readonly prefix: string;
}

/**
 * A room on `client` with its own key prefix, a manual clock, an inventory the test sets, and no automatic steps
 * (each test calls `tick`).
 */
export function testRoom(
  client: Client,
  overrides: Partial<Omit<WaitingRoomOptions, "clock">> & { seats?: number; clock?: ManualClock } = {},
): TestRoom {
  const clock = overrides.clock ?? new ManualClock();
  const seats = new Seats(overrides.seats ?? 100);
  const prefix = overrides.prefix ?? uniquePrefix("waiting-room");
  const { seats: _, clock: __, ...options } = overrides;
  const room = createWaitingRoom({
    redis: client,
    secret: SECRET,
    inventory: seats.port,
    tickMs: 0,
    joinsPerIp: false,
    ...options,
    prefix,
    clock: clock.read,
  });
  return { room, clock, seats, prefix };
}

/** `count` identities named `${prefix}0`, `${prefix}1`, … */
export function identities(count: number, prefix = "buyer-"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
