import { useEffect, useRef, useState } from "preact/hooks";
import "./queue-and-hold.css";
import type { ApiClient } from "../api/client";
import { ApiProblem } from "../api/problem";
import type { Reservation } from "../api/types";
import { useApp } from "../app-context";
import { Countdown } from "../components/countdown";
import { Notice } from "../components/notice";
import { paymentReferenceFor } from "../payment-reference";
import { delay } from "../time/delay";

export interface HoldActionsProps {
  /** A HELD reservation, with its `expiresAt`. */
  reservation: Reservation;
  /** The event's name, for the button's label. */
  name: string;
  /** The hold is no longer held: paid (CONFIRMED), or EXPIRED, or CANCELLED elsewhere. */
  onSettled(reservation: Reservation): void;
}

/** How often a hold whose time is up is read again until the API's sweep has expired it (ms). */
const RECHECK_MS = 1000;

/**
 * A hold's countdown and its pay button. Payment is simulated: a reference made once per hold is sent to the confirm
 * endpoint, so a retry is answered with the confirmed reservation. When the countdown reaches zero, the reservation
 * is read again until the API says what became of it (its sweep expires holds within a second or so); the Pay button
 * stays until then, since the browser's clock is only an estimate of the server's.
 */
export function HoldActions({ reservation, name, onSettled }: HoldActionsProps) {
  const { api, t, describe } = useApp();
  const [paying, setPaying] = useState(false);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<unknown>(undefined);
  const live = useRef(new AbortController());
  useEffect(() => () => live.current.abort(), []);
  // Paying and the countdown's end can both learn the outcome; the buyer hears it (and focus moves) once.
  const settled = useRef(false);
  const settle = (outcome: Reservation) => {
    if (settled.current || live.current.signal.aborted) return;
    settled.current = true;
    onSettled(outcome);
  };

  // One read at a time, and the countdown's end starts one once (a failed read is retried by paying again).
  const reading = useRef(false);
  const zeroSeen = useRef(false);

  const settleFrom = async () => {
    if (settled.current || reading.current) return;
    reading.current = true;
    setChecking(true);
    setProblem(undefined);
    try {
      settle(await readUntilSettled(api, reservation.id, live.current.signal));
    } catch (error) {
      if (!live.current.signal.aborted) setProblem(error);
    } finally {
      reading.current = false;
      if (!live.current.signal.aborted) setChecking(false);
    }
  };

  const pay = async () => {
    setPaying(true);
    setProblem(undefined);
    try {
      settle(await api.confirmReservation(reservation.id, paymentReferenceFor(reservation.id)));
    } catch (error) {
      if (error instanceof ApiProblem && error.code === "E_HOLD_EXPIRED") void settleFrom();
      else if (!live.current.signal.aborted) setProblem(error);
    } finally {
      if (!live.current.signal.aborted) setPaying(false);
    }
  };

  return (
    <div class="hold-actions">
      {checking && problem === undefined && <p role="status">{t("hold.checking")}</p>}
      <Countdown
        deadline={Date.parse(reservation.expiresAt ?? "")}
        label={t("hold.timeLeft")}
        onZero={() => {
          if (zeroSeen.current) return;
          zeroSeen.current = true;
          void settleFrom();
        }}
        milestone={(ms) =>
          ms >= 60_000
            ? t("hold.minutesLeft", { count: ms / 60_000 })
            : t("hold.secondsLeft", { count: ms / 1000 })
        }
      />
      {problem !== undefined && <Notice kind="error">{describe(problem)}</Notice>}
      <p class="muted">{t("hold.simulated")}</p>
      <button
        type="button"
        class="primary"
        disabled={paying}
        aria-busy={paying}
        aria-label={paying ? undefined : t("hold.payFor", { name })}
        onClick={() => void pay()}
      >
        {paying ? t("hold.paying") : t("hold.pay")}
      </button>
    </div>
  );
}

async function readUntilSettled(api: ApiClient, id: string, signal: AbortSignal): Promise<Reservation> {
  for (;;) {
    const reservation = await api.getReservation(id, signal);
    if (reservation.status !== "HELD") return reservation;
    await delay(RECHECK_MS, signal);
    if (signal.aborted) throw signal.reason;
  }
}
