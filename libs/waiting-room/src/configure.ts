import { RoomAlreadyOpenError } from "./errors.js";
import { roomKeys } from "./keys.js";
import type { ResolvedOptions, RoomSettings } from "./options.js";
import { scripts } from "./scripts.js";
import { checkEventId, resolveSettings } from "./validate.js";

/**
 * Creates or updates the event's room. With `pauseMs` (a recovery), a room created now is open at once and admits
 * nobody before `now + pauseMs`.
 */
export async function installRoom(
  options: ResolvedOptions,
  eventId: string,
  settings: RoomSettings,
  pauseMs: number | null,
): Promise<{ created: boolean }> {
  checkEventId(eventId);
  const resolved = resolveSettings(settings);
  const now = options.clock();
  const reply = await scripts.configure.run(
    options.redis,
    [roomKeys(options.prefix, eventId).room],
    [
      now,
      resolved.opensAt,
      resolved.admitPerSecond,
      resolved.burst,
      resolved.overbooking,
      pauseMs === null ? 0 : 1,
      pauseMs === null ? 0 : now + pauseMs,
    ],
  );
  if (reply.kind === "opened") throw new RoomAlreadyOpenError(eventId, reply.opensAt);
  return { created: reply.created };
}
