import type { ApiClient } from "../../api/client";
import type { EventView } from "../../api/types";

/** Upcoming events the operator's view follows at most (ten pages of the API's largest page). */
const MAX_EVENTS = 1000;

/** Every upcoming event, soonest first, page after page up to {@link MAX_EVENTS}. */
export async function loadAllEvents(api: ApiClient, signal: AbortSignal): Promise<EventView[]> {
  const events: EventView[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.listEvents({ limit: 100, cursor }, signal);
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && events.length < MAX_EVENTS);
  return events;
}
