import { useEffect, useState } from "preact/hooks";
import type { Reservation } from "../api/types";
import { useApp } from "../app-context";
import { Notice } from "../components/notice";
import { LIVE_INTERVAL_MS, usePolling } from "../hooks/use-polling";
import { useTitle } from "../hooks/use-title";
import { hrefOf } from "../router";
import { SeatsLeft } from "./event-list";
import { ReserveForm } from "./reserve-form";

/** One event: its date, seats left (re-read every few seconds, announced politely) and the reservation form. */
export function EventDetail({ id }: { id: string }) {
  const { api, t, describe, formatDate } = useApp();
  const polled = usePolling((signal) => api.getEvent(id, signal), LIVE_INTERVAL_MS);
  // A sold-out refusal is newer than a reading that has not changed since (the API may answer reads from a copy up to
  // EVENT_RESPONSE_TTL_MS old): the page shows sold out until a reading differs from the one it refused against.
  const [refusedAt, setRefusedAt] = useState<number | null>(null);
  const reading = polled.data?.availableSeats;
  useEffect(() => {
    if (refusedAt !== null && reading !== undefined && reading !== refusedAt) setRefusedAt(null);
  }, [reading, refusedAt]);
  const event = {
    ...polled,
    data: polled.data && reading === refusedAt ? { ...polled.data, availableSeats: 0 } : polled.data,
  };
  // `attempt` remounts the notice after each try, so the focus lands on the newest outcome.
  const [outcome, setOutcome] = useState<{ reservation?: Reservation; problem?: unknown; attempt: number }>({
    attempt: 0,
  });
  const heading = event.data?.eventName ?? t("common.loading");
  useTitle(heading);

  return (
    <section aria-labelledby="view-title">
      <p>
        <a href={hrefOf({ name: "events" })}>← {t("event.back")}</a>
      </p>
      <h1 id="view-title" tabIndex={-1}>
        {heading}
      </h1>
      {event.problem !== undefined && <Notice kind="error">{describe(event.problem)}</Notice>}
      {event.data && (
        <>
          <dl class="facts">
            <dt>{t("event.date")}</dt>
            <dd>
              <time dateTime={event.data.eventDate}>{formatDate(event.data.eventDate)}</time>
            </dd>
            <dt>{t("event.availability")}</dt>
            <dd aria-live="polite" aria-atomic="true" data-testid="availability">
              <SeatsLeft event={event.data} />
            </dd>
          </dl>
          {event.data.maxPerUser !== null && <p>{t("events.limit", { count: event.data.maxPerUser })}</p>}
          {outcome.reservation && (
            <Notice key={outcome.attempt} kind="success" focus>
              {t("reserve.done", { count: outcome.reservation.quantity, name: event.data.eventName })}{" "}
              <a href={hrefOf({ name: "mine" })}>{t("reserve.seeMine")}</a>
            </Notice>
          )}
          {outcome.problem !== undefined && (
            <Notice key={outcome.attempt} kind="error" focus>
              {describe(outcome.problem)}
            </Notice>
          )}
          <ReserveForm
            event={event.data}
            onOutcome={(next) => {
              setOutcome({ ...next, attempt: outcome.attempt + 1 });
              polled.reload();
            }}
            onSoldOut={() => setRefusedAt(reading ?? null)}
          />
        </>
      )}
    </section>
  );
}
