import { InventoryError, RoomNotFoundError } from "./errors.js";
import { roomKeys } from "./keys.js";
import type { ResolvedOptions } from "./options.js";
import { scripts } from "./scripts.js";
import type { TickResult } from "./tick-result.js";

/**
 * One admission step for one event: returns expired slots, then admits the next buyers in line as far as the rate
 * cap and the obtainable seats allow. Safe to run from any number of instances at once.
 *
 * The inventory port is asked between two reads of the room's count of seats settled as reserved; the script
 * subtracts whatever was settled in between, so a settle that lands while the port answers is never counted twice
 * as a free slot and a free seat.
 */
export async function runTick(options: ResolvedOptions, eventId: string): Promise<TickResult> {
  const keys = roomKeys(options.prefix, eventId);
  const snapshot = await scripts.snapshot.run(options.redis, [keys.room], []);
  if (!snapshot.exists) throw new RoomNotFoundError(eventId);
  const seats = await askInventory(options, eventId);
  const at = options.clock();
  const row = await scripts.tick.run(
    options.redis,
    [keys.room, keys.queue, keys.tickets, keys.undecided, keys.samples],
    [at, seats, snapshot.seatsTaken, options.admissionTtlMs, options.settleGraceMs, options.maxPerTick],
  );
  if (!row) throw new RoomNotFoundError(eventId);
  return { eventId, at, ...row };
}

async function askInventory(options: ResolvedOptions, eventId: string): Promise<number> {
  let answer: unknown;
  try {
    answer = await options.inventory(eventId);
  } catch (error) {
    throw new InventoryError(eventId, undefined, { cause: error });
  }
  if (typeof answer !== "number" || !Number.isSafeInteger(answer) || answer < 0)
    throw new InventoryError(eventId, answer);
  return answer;
}
