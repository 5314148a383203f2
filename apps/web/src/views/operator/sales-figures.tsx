import { useEffect, useRef, useState } from "preact/hooks";
import type { EventView } from "../../api/types";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { Sparkline } from "../../components/sparkline";
import type { Polled } from "../../hooks/use-polling";
import type { MessageKey } from "../../i18n/messages";
import { hrefOf } from "../../router";
import { Figure } from "./figure";

/** Readings kept for the chart (a minute and a half at the live interval). */
const HISTORY = 45;

/**
 * One column of the per-event table, from the event list's figures. Held seats, the waiting room and the traffic are
 * per event in the live panel (one call per event), not here.
 */
interface Column {
  heading: MessageKey;
  value(event: EventView): number;
}

/** Seats not available: sold, or held by a buyer who has not paid yet (the list does not tell them apart). */
const sold = (event: EventView) => event.totalSeats - event.availableSeats;

const COLUMNS: readonly Column[] = [
  { heading: "operator.total", value: (event) => event.totalSeats },
  { heading: "operator.taken", value: sold },
  { heading: "operator.available", value: (event) => event.availableSeats },
];

/** Seats sold and left per event and in total, with the selling rate this page measures between its readings. */
export function SalesFigures({
  events,
}: {
  /** Every upcoming event, polled by the view. */ events: Polled<EventView[]>;
}) {
  const { t, describe, formatNumber, formatDecimal, formatDate } = useApp();
  const history = useSoldHistory(events.data);
  const items = events.data ?? [];
  const totals = {
    events: items.length,
    total: items.reduce((sum, event) => sum + event.totalSeats, 0),
    sold: items.reduce((sum, event) => sum + sold(event), 0),
    available: items.reduce((sum, event) => sum + event.availableSeats, 0),
  };
  const rate = ratePerSecond(history);

  return (
    <>
      <section class="panel" aria-labelledby="totals-title">
        <h2 id="totals-title">{t("operator.totals")}</h2>
        {events.problem !== undefined && <Notice kind="error">{describe(events.problem)}</Notice>}
        <dl class="figures">
          <Figure label={t("operator.events")} value={formatNumber(totals.events)} />
          <Figure label={t("operator.total")} value={formatNumber(totals.total)} />
          <Figure label={t("operator.taken")} value={formatNumber(totals.sold)} />
          <Figure label={t("operator.available")} value={formatNumber(totals.available)} />
          <Figure label={t("operator.rate")} value={rate === null ? "–" : formatDecimal(rate)} />
        </dl>
        <p class="muted">{t("operator.rateNote")}</p>
        {history.length > 1 && (
          <Sparkline
            values={history.map((reading) => reading.sold - (history[0]?.sold ?? 0))}
            label={t("operator.chart")}
          />
        )}
      </section>
      <section class="panel" aria-labelledby="per-event-title">
        <h2 id="per-event-title">{t("operator.perEvent")}</h2>
        {events.data?.length === 0 && <p>{t("operator.empty")}</p>}
        {items.length > 0 && (
          <div class="table-scroll" role="group" aria-labelledby="per-event-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("operator.event")}</th>
                  <th scope="col">{t("operator.date")}</th>
                  {COLUMNS.map((column) => (
                    <th key={column.heading} scope="col" class="number">
                      {t(column.heading)}
                    </th>
                  ))}
                  <th scope="col" class="number">
                    {t("operator.soldShare")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((event) => (
                  <tr key={event.id} data-event={event.id}>
                    <th scope="row">
                      <a href={hrefOf({ name: "event", id: event.id })}>{event.eventName}</a>
                    </th>
                    <td>
                      <time dateTime={event.eventDate}>{formatDate(event.eventDate)}</time>
                    </td>
                    {COLUMNS.map((column) => (
                      <td key={column.heading} class="number">
                        {formatNumber(column.value(event))}
                      </td>
                    ))}
                    <td class="number">
                      {formatNumber(Math.round((sold(event) / event.totalSeats) * 100))}%
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

interface Reading {
  at: number;
  sold: number;
}

/** The total of seats sold at each reading since the view opened (the last {@link HISTORY}). */
function useSoldHistory(events: readonly EventView[] | undefined): readonly Reading[] {
  const [history, setHistory] = useState<readonly Reading[]>([]);
  const last = useRef<readonly EventView[] | undefined>(undefined);
  useEffect(() => {
    if (!events || events === last.current) return;
    last.current = events;
    const reading = { at: Date.now(), sold: events.reduce((sum, event) => sum + sold(event), 0) };
    setHistory((previous) => [...previous, reading].slice(-HISTORY));
  }, [events]);
  return history;
}

function ratePerSecond(history: readonly Reading[]): number | null {
  const [before, now] = history.slice(-2);
  if (!before || !now || now.at <= before.at) return null;
  return Math.max(0, (now.sold - before.sold) / ((now.at - before.at) / 1000));
}
