import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Reservation } from "../api/types";
import { useApp } from "../app-context";
import { Notice } from "../components/notice";
import { HoldActions } from "./hold-actions";

export interface HoldPanelProps {
  /** The HELD reservation just made. */
  reservation: Reservation;
  name: string;
  /** Paid: the confirmed reservation. */
  onConfirmed(reservation: Reservation): void;
  /** The way back once the hold expired (a link or button to the event). */
  back: ComponentChildren;
}

/**
 * The hold just made on an event's page: what is held, the time left to pay and the pay button; when the time runs
 * out, that the seats went back on sale and the way back to the event.
 */
export function HoldPanel({ reservation, name, onConfirmed, back }: HoldPanelProps) {
  const { t } = useApp();
  const [ended, setEnded] = useState<Reservation | null>(null);
  const onSettled = (settled: Reservation) => {
    if (settled.status === "CONFIRMED") onConfirmed(settled);
    else setEnded(settled);
  };
  return (
    <section class="panel hold" aria-labelledby="hold-title" data-testid="hold">
      <h2 id="hold-title">{t("hold.title")}</h2>
      {ended ? (
        <>
          <Notice kind="error" focus>
            {ended.status === "EXPIRED" ? t("hold.expired") : t("problem.E_RESERVATION_CANCELLED")}
          </Notice>
          <p>{back}</p>
        </>
      ) : (
        <>
          <Notice kind="success" focus>
            {t("hold.held", { count: reservation.quantity, name })}
          </Notice>
          <HoldActions reservation={reservation} name={name} onSettled={onSettled} />
        </>
      )}
    </section>
  );
}
