import { useEffect, useRef, useState } from "preact/hooks";
import "./queue-and-hold.css";
import { ApiProblem } from "../api/problem";
import type { EventView, Reservation, Ticket } from "../api/types";
import { useApp } from "../app-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Countdown } from "../components/countdown";
import { Notice } from "../components/notice";
import { useTicket } from "../hooks/use-ticket";
import { hrefOf } from "../router";
import { describeWait, isMeaningfulAheadChange } from "../time/durations";
import { ReserveForm } from "./reserve-form";

export interface WaitingRoomProps {
  event: EventView;
  onReserved(reservation: Reservation): void;
  onRefused(problem: unknown, soldOut: boolean): void;
}

/**
 * An event that sells through a waiting room: join, then the place in line (number, people ahead, a progress bar,
 * the expected wait) as it moves, sold out the moment the room says so, and the reservation form once admitted.
 */
export function WaitingRoom(props: WaitingRoomProps) {
  const { t, session } = useApp();
  if (!session) {
    return (
      <p>
        <a href={hrefOf({ name: "signIn", next: hrefOf({ name: "event", id: props.event.id }) })}>
          {t("wait.signInFirst")}
        </a>
      </p>
    );
  }
  return <Queue {...props} userId={session.userId} />;
}

function Queue({ event, userId, onReserved, onRefused }: WaitingRoomProps & { userId: string }) {
  const { api, t, describe, formatDate } = useApp();
  const queue = useTicket(event.id, userId);
  const { ticket } = queue;
  const announcement = useAnnouncement(ticket);
  const heading = useRef<HTMLHeadingElement>(null);
  const joinedHere = useRef(false);
  useEffect(() => {
    // After the buyer pressed "Join", the button is gone: the focus goes to the queue's heading.
    if (ticket && joinedHere.current) {
      joinedHere.current = false;
      heading.current?.focus();
    }
  }, [ticket !== null]);
  const gaveUpHere = useRef(false);
  useEffect(() => {
    // The admitted view and its button are gone once the turn is given up: the focus goes to the queue's heading.
    if (gaveUpHere.current && ticket?.status === "abandoned") {
      gaveUpHere.current = false;
      heading.current?.focus();
    }
  }, [ticket?.status]);

  return (
    <section class="panel waiting-room" aria-labelledby="waiting-title" data-testid="waiting-room">
      <h2 id="waiting-title" ref={heading} tabIndex={-1}>
        {t("wait.title")}
      </h2>
      <p class="visually-hidden" role="status" data-testid="queue-announcement">
        {announcement}
      </p>
      {queue.problem !== undefined && <Notice kind="error">{describe(queue.problem)}</Notice>}
      {!ticket && (
        <>
          <p>{t("wait.intro")}</p>
          {event.waitingRoom && Date.parse(event.waitingRoom.opensAt) > Date.now() + api.clockOffsetMs() && (
            <p>{t("wait.preQueue", { time: formatDate(event.waitingRoom.opensAt) })}</p>
          )}
          <button
            type="button"
            class="primary"
            disabled={queue.joining}
            aria-busy={queue.joining}
            onClick={() => {
              joinedHere.current = true;
              queue.join();
            }}
          >
            {queue.joining ? t("wait.joining") : t("wait.join")}
          </button>
        </>
      )}
      {ticket && (
        <TicketView
          ticket={ticket}
          event={event}
          onAdmissionOver={queue.refresh}
          onGiveUp={() => {
            gaveUpHere.current = true;
            return queue.giveUp();
          }}
          onReserved={(reservation) => {
            queue.refresh();
            onReserved(reservation);
          }}
          onRefused={(problem, soldOut) => {
            if (problem instanceof ApiProblem && problem.code.startsWith("E_ADMISSION")) queue.refresh();
            onRefused(problem, soldOut);
          }}
        />
      )}
    </section>
  );
}

function TicketView(props: {
  ticket: Ticket;
  event: EventView;
  onAdmissionOver(): void;
  onGiveUp(): Promise<void>;
  onReserved(reservation: Reservation): void;
  onRefused(problem: unknown, soldOut: boolean): void;
}) {
  const { t, formatDate } = useApp();
  const { ticket, event } = props;
  switch (ticket.status) {
    case "pre_queue":
      return (
        <>
          <p>{t("wait.preQueue", { time: formatDate(new Date(ticket.opensAt).toISOString()) })}</p>
          <Countdown deadline={ticket.opensAt} label={t("wait.opensIn")} />
          <p class="muted">{t("wait.keepOpen")}</p>
        </>
      );
    case "waiting":
    case "sold_out":
      return (
        <>
          <Place ticket={ticket} />
          {ticket.status === "sold_out" ? (
            <p class="sold-out-notice" data-testid="queue-sold-out">
              {t("wait.soldOut")}
            </p>
          ) : (
            <p class="muted">{t("wait.keepOpen")}</p>
          )}
        </>
      );
    case "admitted":
      return (
        <>
          <p class="admitted" data-testid="queue-admitted">
            {t("wait.admitted")}
          </p>
          {ticket.admission && (
            <Countdown
              deadline={ticket.admission.expiresAt}
              label={t("wait.turnLeft")}
              onZero={props.onAdmissionOver}
            />
          )}
          <ReserveForm
            event={event}
            admissionToken={ticket.admission?.token}
            onReserved={props.onReserved}
            onRefused={props.onRefused}
          />
          <GiveUp onGiveUp={props.onGiveUp} />
        </>
      );
    default:
      return <p data-testid="queue-final">{t(`wait.${ticket.status}`)}</p>;
  }
}

/** A buyer who will not reserve lets the next buyer in now, rather than when the admission runs out. */
function GiveUp({ onGiveUp }: { onGiveUp(): Promise<void> }) {
  const { t } = useApp();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <p>
        <button type="button" onClick={() => setAsking(true)}>
          {t("wait.giveUp")}
        </button>
      </p>
      {asking && (
        <ConfirmDialog
          title={t("wait.giveUp.title")}
          confirmLabel={busy ? t("wait.giveUp.giving") : t("wait.giveUp")}
          cancelLabel={t("wait.giveUp.keep")}
          busy={busy}
          onConfirm={() => {
            setBusy(true);
            // The ended ticket replaces this view (or the refusal shows above it): the dialog closes either way.
            void onGiveUp().finally(() => {
              setBusy(false);
              setAsking(false);
            });
          }}
          onCancel={() => setAsking(false)}
        >
          <p>{t("wait.giveUp.body")}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** The number in line, the people ahead with a progress bar measured from the first reading, and the ETA. */
function Place({ ticket }: { ticket: Ticket }) {
  const { t, formatNumber } = useApp();
  const first = useRef<number | null>(null);
  const ahead = ticket.ahead ?? 0;
  first.current = Math.max(first.current ?? ahead, ahead);
  const wait = describeWait(ticket.estimatedWaitMs);
  return (
    <>
      <dl class="facts queue-facts">
        <dt>{t("wait.position")}</dt>
        <dd data-testid="queue-position">{ticket.position === null ? "–" : formatNumber(ticket.position)}</dd>
      </dl>
      <p data-testid="queue-ahead">{t("wait.ahead", { count: ahead })}</p>
      <p class="queue-progress">
        <label id="queue-progress-label" for="queue-progress">
          {t("wait.progress")}
        </label>
        <progress id="queue-progress" max={Math.max(1, first.current)} value={first.current - ahead} />
      </p>
      {ticket.status === "waiting" && (
        <p data-testid="queue-eta">{t("wait.eta", { eta: t(wait.key, wait.params) })}</p>
      )}
    </>
  );
}

/**
 * What the queue's live region says: each new status once, and the people ahead only when the number has at
 * least halved since it was last said, so a screen reader is not told every step of the line.
 */
function useAnnouncement(ticket: Ticket | null): string {
  const { t } = useApp();
  const [message, setMessage] = useState("");
  const lastStatus = useRef<string | null>(null);
  const lastAhead = useRef<number | null>(null);
  useEffect(() => {
    if (!ticket) return;
    const statusChanged = ticket.status !== lastStatus.current;
    lastStatus.current = ticket.status;
    if (ticket.status === "waiting" && ticket.ahead !== null) {
      if (statusChanged || isMeaningfulAheadChange(lastAhead.current, ticket.ahead)) {
        lastAhead.current = ticket.ahead;
        setMessage(t("wait.ahead", { count: ticket.ahead }));
      }
      return;
    }
    if (!statusChanged) return;
    const status = ticket.status;
    if (status === "sold_out") setMessage(t("wait.soldOut"));
    else if (status === "admitted") setMessage(t("wait.admitted"));
    else if (status !== "pre_queue" && status !== "waiting") setMessage(t(`wait.${status}`));
  }, [ticket]);
  return message;
}
