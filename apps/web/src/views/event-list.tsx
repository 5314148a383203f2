import { useEffect, useRef, useState } from "preact/hooks";
import type { EventView } from "../api/types";
import { useApp } from "../app-context";
import { Notice } from "../components/notice";
import { ViewPage } from "../components/view-page";
import { LIVE_INTERVAL_MS, usePolling } from "../hooks/use-polling";
import { hrefOf } from "../router";

const PAGE = 20;
/** The API's largest page: the list stays live (re-read whole) up to this many events. */
const MAX_LISTED = 100;

/** Upcoming events with their seats left, re-read every few seconds; an event selling out is announced. */
export function EventList() {
  const { api, t, describe } = useApp();
  const [limit, setLimit] = useState(PAGE);
  const events = usePolling((signal) => api.listEvents({ limit }, signal), LIVE_INTERVAL_MS, [limit]);
  const soldOut = useSoldOutAnnouncements(events.data?.items);

  return (
    <ViewPage title={t("events.title")}>
      <p class="visually-hidden" role="status">
        {soldOut}
      </p>
      {events.problem !== undefined && <Notice kind="error">{describe(events.problem)}</Notice>}
      {!events.data && events.problem === undefined && <p>{t("common.loading")}</p>}
      {events.data?.items.length === 0 && <p>{t("events.empty")}</p>}
      <ul class="cards">
        {events.data?.items.map((event) => (
          <EventCard key={event.id} event={event} />
        ))}
      </ul>
      {events.data?.nextCursor && limit < MAX_LISTED && (
        <button type="button" onClick={() => setLimit(Math.min(MAX_LISTED, limit + PAGE))}>
          {t("events.more")}
        </button>
      )}
    </ViewPage>
  );
}

function EventCard({ event }: { event: EventView }) {
  const { t, formatDate } = useApp();
  return (
    <li class="card">
      <h2>
        <a href={hrefOf({ name: "event", id: event.id })}>{event.eventName}</a>
      </h2>
      <p>
        <time dateTime={event.eventDate}>{formatDate(event.eventDate)}</time>
      </p>
      <SeatsLeft event={event} />
      {event.maxPerUser !== null && <p class="muted">{t("events.limit", { count: event.maxPerUser })}</p>}
    </li>
  );
}

/** "12 seats left of 100" with a bar, or "Sold out". */
export function SeatsLeft({ event }: { event: EventView }) {
  const { t } = useApp();
  if (event.availableSeats === 0) return <p class="sold-out">{t("events.soldOut")}</p>;
  return (
    <p class="seats-left">
      <span>{t("events.seatsLeft", { count: event.availableSeats, total: event.totalSeats })}</span>
      <meter aria-hidden="true" min={0} max={event.totalSeats} value={event.availableSeats} />
    </p>
  );
}

/** The sentence announcing the events that reached zero seats since the previous reading. */
function useSoldOutAnnouncements(items: readonly EventView[] | undefined): string {
  const { t } = useApp();
  const seen = useRef(new Map<string, number>());
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (!items) return;
    const newlySoldOut = items.filter(
      (event) => event.availableSeats === 0 && (seen.current.get(event.id) ?? 0) > 0,
    );
    for (const event of items) seen.current.set(event.id, event.availableSeats);
    if (newlySoldOut.length > 0) {
      setMessage(newlySoldOut.map((event) => t("events.nowSoldOut", { name: event.eventName })).join(" "));
    }
  }, [items]);
  return message;
}
