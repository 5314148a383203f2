import { useRef, useState } from "preact/hooks";
import type { LiveEvent, WaitingRoomSettings } from "../../api/types";
import { useApp } from "../../app-context";
import { LIVE_INTERVAL_MS, usePolling } from "../../hooks/use-polling";

export interface LiveEventState {
  /** The last reading of the watched event; undefined until there is one. */
  reading: LiveEvent | undefined;
  /** The error of the last read, cleared by the next success. */
  problem: unknown;
  /** Its waiting room's settings in force; null while it sells directly. */
  settings: WaitingRoomSettings | null;
  /** The operator changed the room: `settings` as the API answered, shown until a reading asked for later. */
  roomChanged(settings: WaitingRoomSettings): void;
}

/** A reading, and how many room changes this hook had seen when it asked for it. */
interface Tagged {
  reading: LiveEvent;
  changes: number;
}

/** The settings of a room changed from this page, and the count of changes that made them. */
interface Applied {
  eventId: string;
  settings: WaitingRoomSettings;
  changes: number;
}

/**
 * The room's settings in force. A reading asked for before the page's last change may not show it yet; until a later
 * one arrives, the settings the API answered the change with stand.
 */
function settingsInForce({ reading, changes }: Tagged, applied: Applied | null): WaitingRoomSettings | null {
  if (applied?.eventId === reading.eventId && changes < applied.changes) return applied.settings;
  const room = reading.waitingRoom;
  return (
    room && { opensAt: room.opensAt, admitPerSecond: room.admitPerSecond, overbooking: room.overbooking }
  );
}

/** `GET /api/admin/events/{id}/live` of the watched event every two seconds, and at once after a room change. */
export function useLiveEvent(eventId: string | undefined): LiveEventState {
  const { api } = useApp();
  const changes = useRef(0);
  const [applied, setApplied] = useState<Applied | null>(null);
  const live = usePolling(
    async (signal): Promise<Tagged | undefined> => {
      if (!eventId) return undefined;
      const asked = changes.current;
      return { reading: await api.live(eventId, signal), changes: asked };
    },
    LIVE_INTERVAL_MS,
    [eventId],
  );
  const tagged = live.data?.reading.eventId === eventId ? live.data : undefined;
  return {
    reading: tagged?.reading,
    problem: live.problem,
    settings: tagged ? settingsInForce(tagged, applied) : null,
    roomChanged: (settings) => {
      if (!tagged) return;
      changes.current += 1;
      setApplied({ eventId: tagged.reading.eventId, settings, changes: changes.current });
      live.reload();
    },
  };
}
