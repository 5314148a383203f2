import { useEffect, useState } from "preact/hooks";
import type { Reservation } from "../api/types";
import { useApp } from "../app-context";
import { Notice } from "../components/notice";
import { ViewPage } from "../components/view-page";
import { useOutcome } from "../hooks/use-outcome";
import { LIVE_INTERVAL_MS, usePolling } from "../hooks/use-polling";
import { hrefOf } from "../router";
import { SeatsLeft } from "./event-list";
import { HoldPanel } from "./hold-panel";
import { ReserveForm } from "./reserve-form";
import { WaitingRoom } from "./waiting-room";

/** One event: its date, seats left (re-read every few seconds, announced politely) and the reservation form. */
export function EventDetail({ id }: { id: string }) {
  const { api, t, describe, formatDate } = useApp();
  const polled = usePolling((signal) => api.getEvent(id, signal), LIVE_INTERVAL_MS);
  const outcome = useOutcome();
  // A reservation made HELD on this page: paid here, or seen expiring.
  const [hold, setHold] = useState<Reservation | null>(null);
  // A sold-out refusal is newer than a reading that has not changed since (the API may answer reads from a copy up to
  // EVENT_RESPONSE_TTL_MS old): the page shows sold out until a reading differs from the one it refused against.
  const [refusedAt, setRefusedAt] = useState<number | null>(null);
  const reading = polled.data?.availableSeats;
  useEffect(() => {
    if (refusedAt !== null && reading !== undefined && reading !== refusedAt) setRefusedAt(null);
  }, [reading, refusedAt]);
  const event = polled.data && reading === refusedAt ? { ...polled.data, availableSeats: 0 } : polled.data;

  const onReserved = (reservation: Reservation) => {
    if (reservation.status === "HELD") setHold(reservation);
    else {
      outcome.succeed(
        <>
          {t("reserve.done", { count: reservation.quantity, name: event?.eventName ?? "" })}{" "}
          <a href={hrefOf({ name: "mine" })}>{t("reserve.seeMine")}</a>
        </>,
      );
    }
    polled.reload();
  };
  const onRefused = (problem: unknown, soldOut: boolean) => {
    if (soldOut) setRefusedAt(reading ?? null);
    outcome.fail(problem);
    polled.reload();
  };

  return (
    <ViewPage
      title={event?.eventName ?? t("common.loading")}
      lead={
        <p>
          <a href={hrefOf({ name: "events" })}>← {t("event.back")}</a>
        </p>
      }
    >
      {polled.problem !== undefined && <Notice kind="error">{describe(polled.problem)}</Notice>}
      {event && (
        <>
          <dl class="facts">
            <dt>{t("event.date")}</dt>
            <dd>
              <time dateTime={event.eventDate}>{formatDate(event.eventDate)}</time>
            </dd>
            <dt>{t("event.availability")}</dt>
            <dd aria-live="polite" aria-atomic="true" data-testid="availability">
              <SeatsLeft event={event} />
            </dd>
          </dl>
          {event.maxPerUser !== null && <p>{t("events.limit", { count: event.maxPerUser })}</p>}
          {hold ? (
            <HoldPanel
              reservation={hold}
              name={event.eventName}
              onConfirmed={(paid) => {
                setHold(null);
                outcome.succeed(
                  <>
                    {t("hold.confirmed", { count: paid.quantity, name: event.eventName })}{" "}
                    <a href={hrefOf({ name: "mine" })}>{t("reserve.seeMine")}</a>
                  </>,
                );
                polled.reload();
              }}
              back={
                <button
                  type="button"
                  onClick={() => {
                    setHold(null);
                    polled.reload();
                    document.querySelector<HTMLElement>("#main h1")?.focus();
                  }}
                >
                  {t("hold.back")}
                </button>
              }
            />
          ) : (
            <>
              {outcome.notice}
              {event.waitingRoom ? (
                <WaitingRoom event={event} onReserved={onReserved} onRefused={onRefused} />
              ) : (
                <ReserveForm event={event} onReserved={onReserved} onRefused={onRefused} />
              )}
            </>
          )}
        </>
      )}
    </ViewPage>
  );
}
