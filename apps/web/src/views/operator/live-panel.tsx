import { useEffect, useState } from "preact/hooks";
import type { EventView, LiveEvent, WaitingRoomSettings } from "../../api/types";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { Figure } from "./figure";
import { LiveChart } from "./live-chart";
import { appendReading, type LiveReading } from "./live-series";
import { RoomSettingsForm } from "./room-settings-form";
import { useLiveEvent } from "./use-live-event";

export interface LivePanelProps {
  /** The events to choose from (upcoming, soonest first). */
  events: readonly EventView[];
  /** The event watched; undefined until there is one. */
  selected: string | undefined;
  onSelect(eventId: string): void;
}

const readingOf = (live: LiveEvent): LiveReading => ({
  at: Date.parse(live.at),
  total: live.seats.total,
  confirmed: live.seats.confirmed,
  held: live.seats.held,
  available: live.seats.available,
  reservationsPerSecond: live.traffic.reservationsPerSecond,
});

/** The readings of the watched event since it was chosen, over the chart's window. */
function useSeries(eventId: string | undefined, live: LiveEvent | undefined): readonly LiveReading[] {
  const [series, setSeries] = useState<{ eventId?: string; readings: readonly LiveReading[] }>({
    readings: [],
  });
  useEffect(() => {
    if (!live || live.eventId !== eventId) return;
    setSeries((previous) => ({
      eventId,
      readings: appendReading(previous.eventId === eventId ? previous.readings : [], readingOf(live)),
    }));
  }, [live, eventId]);
  return series.eventId === eventId ? series.readings : [];
}

/**
 * One event's opening as it happens, from `GET /api/admin/events/{id}/live` every two seconds: seats sold, held and
 * available, its waiting room and the form that changes it, the reservation requests' rate, errors and p99, and a
 * chart of the last two minutes.
 */
export function LivePanel({ events, selected, onSelect }: LivePanelProps) {
  const { t, describe } = useApp();
  const live = useLiveEvent(selected);
  const current = live.reading;
  const series = useSeries(selected, current);

  return (
    <section class="panel" aria-labelledby="live-title">
      <h2 id="live-title">{t("live.title")}</h2>
      {events.length === 0 ? (
        <p>{t("operator.empty")}</p>
      ) : (
        <div class="field">
          <label for="live-event">{t("live.choose")}</label>
          <p id="live-event-hint" class="muted">
            {t("live.chooseHint")}
          </p>
          <select
            id="live-event"
            aria-describedby="live-event-hint"
            value={selected ?? ""}
            onChange={(e) => onSelect(e.currentTarget.value)}
          >
            {events.map((event) => (
              <option key={event.id} value={event.id}>
                {event.eventName}
              </option>
            ))}
          </select>
        </div>
      )}
      {live.problem !== undefined && <Notice kind="error">{describe(live.problem)}</Notice>}
      {current && (
        <>
          <SeatFigures seats={current.seats} />
          <LiveChart series={series} />
          <RoomFigures room={current.waitingRoom} settings={live.settings} />
          <RoomSettingsForm
            key={current.eventId}
            eventId={current.eventId}
            settings={live.settings}
            opened={current.waitingRoom?.opened ?? false}
            onChanged={live.roomChanged}
          />
          <TrafficFigures traffic={current.traffic} />
        </>
      )}
    </section>
  );
}

function SeatFigures({ seats }: { seats: LiveEvent["seats"] }) {
  const { t, formatNumber, formatTime } = useApp();
  return (
    <>
      <h3>{t("live.seats")}</h3>
      <dl class="figures" data-figures="seats">
        <Figure label={t("live.sold")} value={formatNumber(seats.confirmed)} />
        <Figure label={t("live.held")} value={formatNumber(seats.held)} />
        <Figure label={t("live.available")} value={formatNumber(seats.available)} />
        <Figure label={t("live.total")} value={formatNumber(seats.total)} />
      </dl>
      {seats.nextHoldExpiresAt && (
        <p class="muted">{t("live.nextExpiry", { time: formatTime(new Date(seats.nextHoldExpiresAt)) })}</p>
      )}
    </>
  );
}

function RoomFigures({
  room,
  settings,
}: {
  room: LiveEvent["waitingRoom"];
  settings: WaitingRoomSettings | null;
}) {
  const { t, formatNumber, formatDecimal, formatDate } = useApp();
  return (
    <>
      <h3>{t("live.room")}</h3>
      {room && settings && (
        <>
          <p>
            {room.soldOut
              ? t("live.roomSoldOut")
              : t(room.opened ? "live.roomOpen" : "live.roomNotOpen", { date: formatDate(settings.opensAt) })}
          </p>
          <dl class="figures" data-figures="room">
            <Figure label={t("live.waiting")} value={formatNumber(room.waiting)} />
            <Figure label={t("live.admitted")} value={formatNumber(room.admitted)} />
            <Figure label={t("live.admittedTotal")} value={formatNumber(room.admittedTotal)} />
            <Figure
              label={t("live.admissionRate")}
              value={room.admissionRate === null ? "–" : formatDecimal(room.admissionRate)}
            />
          </dl>
        </>
      )}
      {settings ? (
        <dl class="figures" data-figures="room-settings">
          <Figure label={t("live.admitPerSecond")} value={formatNumber(settings.admitPerSecond)} />
          <Figure label={t("live.overbooking")} value={formatNumber(settings.overbooking)} />
        </dl>
      ) : (
        <p>{t("live.noRoom")}</p>
      )}
    </>
  );
}

function TrafficFigures({ traffic }: { traffic: LiveEvent["traffic"] }) {
  const { t, formatDecimal } = useApp();
  const share = (value: number | null) =>
    value === null ? t("live.noRequests") : t("live.percent", { value: Math.round(value * 1000) / 10 });
  return (
    <>
      <h3>{t("live.traffic", { count: traffic.windowSeconds })}</h3>
      <dl class="figures" data-figures="traffic">
        <Figure
          label={t("live.reservationsPerSecond")}
          value={formatDecimal(traffic.reservationsPerSecond)}
        />
        <Figure label={t("live.requestsPerSecond")} value={formatDecimal(traffic.requestsPerSecond)} />
        <Figure label={t("live.errorRate")} value={share(traffic.errorRate)} />
        <Figure label={t("live.refusalRate")} value={share(traffic.refusalRate)} />
        <Figure
          label={t("live.p99")}
          value={traffic.p99Ms === null ? t("live.noRequests") : t("live.ms", { ms: traffic.p99Ms })}
        />
      </dl>
    </>
  );
}
