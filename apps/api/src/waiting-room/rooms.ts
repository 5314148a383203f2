import { RoomNotFoundError, WaitingRoomError, type WaitingRoom } from "@ticketing/waiting-room";
import type { Logger } from "pino";
import { ApiError } from "../errors.js";

/**
 * The room's own errors pass through (the error table maps them); anything else is its Redis failing, and a request
 * that cannot tell whether the event sells through a room, or cannot check an admission, is refused as unavailable.
 */
function unavailable(error: unknown): unknown {
  if (error instanceof WaitingRoomError) return error;
  return new ApiError("E_UNAVAILABLE", "The waiting room is unavailable; retry shortly.", {
    cause: error,
    headers: { "Retry-After": "1" },
  });
}

/** An event's waiting-room settings, as the API takes and shows them. */
export interface WaitingRoomSettings {
  readonly opensAt: Date;
  readonly admitPerSecond: number;
  readonly overbooking: number;
}

/** The rooms of this instance: one `@ticketing/waiting-room` room per event that sells through one. */
export interface Rooms {
  readonly room: WaitingRoom;
  /** The event's room settings, or null when the event sells without a waiting room. */
  settings(eventId: string): Promise<WaitingRoomSettings | null>;
  /** Creates the event's room, or changes its rate and overbooking (the opening only until the room opened). */
  configure(eventId: string, settings: WaitingRoomSettings): Promise<void>;
  /**
   * Runs `operation` on the event's room. If Redis lost a room whose settings this instance knows, the room is
   * re-created with them (`recover`: waiting buyers come back with their receipts, tokens keep their right) and the
   * operation runs once more.
   */
  run<T>(eventId: string, operation: () => Promise<T>): Promise<T>;
  /** Seats came back (a hold expired, a reservation was cancelled): admit the next buyers now, not at the next step. */
  seatsBack(eventId: string): void;
}

// Settings change only through `configure`, which updates this instance's copy; other instances see a change of rate
// or overbooking within this time. An event without a room is asked again after it.
const SETTINGS_TTL_MS = 1_000;
const MAX_REMEMBERED = 10_000;

export function createRooms(options: { room: WaitingRoom; logger: Pick<Logger, "warn"> }): Rooms {
  const { room, logger } = options;
  const known = new Map<string, { settings: WaitingRoomSettings | null; at: number }>();
  const remember = (eventId: string, settings: WaitingRoomSettings | null) => {
    known.delete(eventId);
    known.set(eventId, { settings, at: Date.now() });
    if (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value!);
  };

  // One Redis lookup per event at a time: a sale's opening burst asks for the same event thousands of times at once.
  const lookups = new Map<string, Promise<WaitingRoomSettings | null>>();
  const lookUp = async (eventId: string): Promise<WaitingRoomSettings | null> => {
    try {
      const info = await room.info(eventId).catch((error: unknown) => Promise.reject(unavailable(error)));
      const found = {
        opensAt: new Date(info.opensAt),
        admitPerSecond: info.admitPerSecond,
        overbooking: info.overbooking,
      };
      remember(eventId, found);
      return found;
    } catch (error) {
      if (!(error instanceof RoomNotFoundError)) throw error;
      // A room Redis lost is still the event's room: the settings this instance saw keep it so (see `run`).
      const seen = known.get(eventId)?.settings;
      if (seen) return seen;
      remember(eventId, null);
      return null;
    }
  };
  const settings = async (eventId: string): Promise<WaitingRoomSettings | null> => {
    const cached = known.get(eventId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.settings;
    let lookup = lookups.get(eventId);
    if (!lookup) {
      lookup = lookUp(eventId).finally(() => lookups.delete(eventId));
      lookups.set(eventId, lookup);
    }
    return lookup;
  };

  return {
    room,
    settings,
    async configure(eventId, next) {
      await room.configure(eventId, next).catch((error: unknown) => Promise.reject(unavailable(error)));
      remember(eventId, next);
    },
    async run(eventId, operation) {
      try {
        return await operation();
      } catch (error) {
        const lost = error instanceof RoomNotFoundError ? known.get(eventId)?.settings : null;
        if (!lost) throw error;
        logger.warn(
          { eventId },
          "waiting room lost by Redis: re-creating it from the settings this instance knows",
        );
        await room.recover(eventId, lost);
        return operation();
      }
    },
    seatsBack(eventId) {
      settings(eventId)
        .then((found) => (found ? room.tick(eventId) : undefined))
        .catch((error: unknown) =>
          logger.warn({ err: error, eventId }, "admission step after seats came back failed"),
        );
    },
  };
}
