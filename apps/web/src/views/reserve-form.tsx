import { useEffect, useState } from "preact/hooks";
import { ApiProblem } from "../api/problem";
import type { EventView, Reservation } from "../api/types";
import { useApp } from "../app-context";
import { attemptKeyFor, settleAttempt } from "../reservation-attempt";
import { hrefOf } from "../router";

export interface ReserveFormProps {
  event: EventView;
  /** The waiting room's admission, for an event that sells through one. */
  admissionToken?: string | undefined;
  onReserved(reservation: Reservation): void;
  /** `soldOut`: the API said the event is sold out, which the page shows at once. */
  onRefused(problem: unknown, soldOut: boolean): void;
}

/**
 * Seats to reserve, from 1 to the least of the event's per-buyer limit, the API's per-request maximum and the seats
 * left. The API stays the judge (it counts what the buyer already holds); its refusals come back as sentences.
 */
export function ReserveForm({ event, admissionToken, onReserved, onRefused }: ReserveFormProps) {
  const { api, session, t } = useApp();
  const perRequest = usePerRequestMaximum();
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);

  if (!session) {
    return (
      <p>
        <a href={hrefOf({ name: "signIn", next: hrefOf({ name: "event", id: event.id }) })}>
          {t("reserve.signInFirst")}
        </a>
      </p>
    );
  }
  if (event.availableSeats === 0) return null;
  const max = Math.max(1, Math.min(event.maxPerUser ?? Infinity, perRequest, event.availableSeats));
  const chosen = Math.min(quantity, max);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const decision = { userId: session.userId, eventId: event.id, quantity: chosen, admissionToken };
    try {
      const reservation = await api.reserve({
        eventId: event.id,
        quantity: chosen,
        idempotencyKey: attemptKeyFor(decision),
        ...(admissionToken ? { admissionToken } : {}),
      });
      settleAttempt(decision);
      onReserved(reservation);
    } catch (problem) {
      if (isAnswer(problem)) settleAttempt(decision);
      onRefused(problem, problem instanceof ApiProblem && problem.code === "E_SOLD_OUT");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reserve-form" onSubmit={submit} aria-labelledby="reserve-title">
      <h2 id="reserve-title">{t("reserve.title")}</h2>
      <label for="quantity">{t("reserve.quantity")}</label>
      <select
        id="quantity"
        value={String(chosen)}
        onChange={(e) => setQuantity(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {Array.from({ length: max }, (_, index) => (
          <option key={index + 1} value={String(index + 1)}>
            {index + 1}
          </option>
        ))}
      </select>
      <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
        {busy ? t("reserve.submitting") : t("reserve.submit")}
      </button>
    </form>
  );
}

/**
 * A refusal that decided the request. No answer (`E_NETWORK`) or a server failure may hide a reservation made: the
 * retry keeps the key, and the API replays what it did.
 */
const isAnswer = (problem: unknown) =>
  problem instanceof ApiProblem && problem.status >= 400 && problem.status < 500;

/** The API's MAX_QUANTITY_PER_REQUEST, read once per page load from its OpenAPI document. */
let perRequestMaximum: Promise<number> | undefined;

function usePerRequestMaximum(): number {
  const { api } = useApp();
  const [maximum, setMaximum] = useState(1);
  useEffect(() => {
    let live = true;
    perRequestMaximum ??= api.maxQuantityPerRequest().catch(() => {
      perRequestMaximum = undefined;
      return 1;
    });
    void perRequestMaximum.then((value) => live && setMaximum(value));
    return () => {
      live = false;
    };
  }, [api]);
  return maximum;
}
