import { useRef, useState } from "preact/hooks";
import { ApiProblem } from "../api/problem";
import type { EventView, Reservation } from "../api/types";
import { useApp } from "../app-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Notice } from "../components/notice";
import { ViewPage } from "../components/view-page";
import { useOutcome } from "../hooks/use-outcome";
import { usePolling } from "../hooks/use-polling";
import { hrefOf } from "../router";
import { HoldActions } from "./hold-actions";

/** The event each reservation is for; null when the API no longer knows it. */
type EventsById = ReadonlyMap<string, EventView | null>;

/**
 * The signed-in buyer's reservations, newest first, each with its status; a hold shows its countdown and can be paid;
 * a hold or a confirmed reservation can be cancelled.
 */
export function MyReservations() {
  const { t, session } = useApp();
  return (
    <ViewPage title={t("mine.title")}>
      {session ? (
        <ReservationList userId={session.userId} />
      ) : (
        <p>
          <a href={hrefOf({ name: "signIn", next: hrefOf({ name: "mine" }) })}>{t("mine.signInFirst")}</a>
        </p>
      )}
    </ViewPage>
  );
}

function ReservationList({ userId }: { userId: string }) {
  const { api, t, describe } = useApp();
  const events = useRef(new Map<string, EventView | null>());
  const list = usePolling(async (signal) => {
    const { items } = await api.listReservations(userId, signal);
    const unknown = [...new Set(items.map((item) => item.eventId))].filter((id) => !events.current.has(id));
    await Promise.all(
      unknown.map(async (id) => {
        try {
          events.current.set(id, await api.getEvent(id, signal));
        } catch (error) {
          if (!(error instanceof ApiProblem && error.code === "E_EVENT_NOT_FOUND")) throw error;
          events.current.set(id, null);
        }
      }),
    );
    return { items, events: new Map(events.current) as EventsById };
  }, 0);
  const [cancelling, setCancelling] = useState<Reservation | null>(null);
  const [busy, setBusy] = useState(false);
  const outcome = useOutcome();

  const nameOf = (reservation: Reservation) =>
    list.data?.events.get(reservation.eventId)?.eventName ??
    t("mine.unknownEvent", { id: reservation.eventId });

  const cancel = async (reservation: Reservation) => {
    setBusy(true);
    try {
      await api.cancelReservation(reservation.id);
      outcome.succeed(t("cancel.done", { name: nameOf(reservation) }));
    } catch (problem) {
      outcome.fail(problem);
    } finally {
      setBusy(false);
      setCancelling(null);
      list.reload();
    }
  };

  return (
    <>
      {outcome.notice}
      {list.problem !== undefined && <Notice kind="error">{describe(list.problem)}</Notice>}
      {!list.data && list.problem === undefined && <p>{t("common.loading")}</p>}
      {list.data?.items.length === 0 && <p>{t("mine.empty")}</p>}
      <ul class="cards">
        {list.data?.items.map((reservation) => (
          <ReservationCard
            key={reservation.id}
            reservation={reservation}
            event={list.data?.events.get(reservation.eventId) ?? null}
            name={nameOf(reservation)}
            onCancel={() => setCancelling(reservation)}
            onSettled={(settled) => {
              if (settled.status === "CONFIRMED") {
                outcome.succeed(t("hold.confirmed", { count: settled.quantity, name: nameOf(settled) }));
              }
              list.reload();
            }}
          />
        ))}
      </ul>
      {cancelling && (
        <ConfirmDialog
          title={t("cancel.title")}
          confirmLabel={busy ? t("cancel.cancelling") : t("cancel.confirm")}
          cancelLabel={t("cancel.keep")}
          busy={busy}
          onConfirm={() => void cancel(cancelling)}
          onCancel={() => setCancelling(null)}
        >
          <CancelQuestion reservation={cancelling} name={nameOf(cancelling)} events={list.data?.events} />
        </ConfirmDialog>
      )}
    </>
  );
}

function CancelQuestion(props: { reservation: Reservation; name: string; events: EventsById | undefined }) {
  const { t, formatDate } = useApp();
  const date = props.events?.get(props.reservation.eventId)?.eventDate;
  return (
    <p>
      {t("cancel.body", {
        count: props.reservation.quantity,
        name: props.name,
        date: date ? formatDate(date) : "",
      })}
    </p>
  );
}

function ReservationCard(props: {
  reservation: Reservation;
  event: EventView | null;
  name: string;
  onCancel(): void;
  /** A hold shown here was paid or ran out. */
  onSettled(reservation: Reservation): void;
}) {
  const { t, formatDate } = useApp();
  const { reservation, event } = props;
  return (
    <li class="card" data-reservation={reservation.id}>
      <h2>{event ? <a href={hrefOf({ name: "event", id: event.id })}>{props.name}</a> : props.name}</h2>
      {event && (
        <p>
          <time dateTime={event.eventDate}>{formatDate(event.eventDate)}</time>
        </p>
      )}
      <p>
        {t("mine.seats", { count: reservation.quantity })} ·{" "}
        <span class={`status status-${reservation.status.toLowerCase()}`}>
          {t(`status.${reservation.status}`)}
        </span>
      </p>
      <p class="muted">{whenOf(reservation, t, formatDate)}</p>
      {reservation.status === "HELD" && (
        <HoldActions reservation={reservation} name={props.name} onSettled={props.onSettled} />
      )}
      {(reservation.status === "CONFIRMED" || reservation.status === "HELD") && (
        <button type="button" onClick={props.onCancel} aria-label={t("mine.cancelFor", { name: props.name })}>
          {t("mine.cancel")}
        </button>
      )}
    </li>
  );
}

function whenOf(
  reservation: Reservation,
  t: ReturnType<typeof useApp>["t"],
  formatDate: (iso: string) => string,
): string {
  if (reservation.cancelledAt) return t("mine.cancelledAt", { date: formatDate(reservation.cancelledAt) });
  if (reservation.status === "EXPIRED" && reservation.expiresAt) {
    return t("mine.expiredAt", { date: formatDate(reservation.expiresAt) });
  }
  if (reservation.status === "HELD" && reservation.expiresAt) {
    return t("mine.heldUntil", { date: formatDate(reservation.expiresAt) });
  }
  return t("mine.reservedAt", { date: formatDate(reservation.createdAt) });
}
