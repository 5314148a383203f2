import type { ComponentChildren } from "preact";
import { useApp } from "../../app-context";
import { CHART_WINDOW_MS, rateLine, seatBands, type LiveReading } from "./live-series";

const SEATS_FRAME = { width: 600, height: 160 };
const RATE_FRAME = { width: 600, height: 72 };

/** The bands' legend, bottom band first, as the chart stacks them. */
const BANDS = [
  { key: "sold", label: "live.sold" },
  { key: "held", label: "live.held" },
  { key: "available", label: "live.available" },
] as const;

/**
 * Seats sold, held and available (stacked bands) and reservations per second (a line) over the last two minutes, drawn
 * as inline SVG. Each chart is an image named by its caption; the same readings are a table below it.
 */
export function LiveChart({ series }: { series: readonly LiveReading[] }) {
  const { t, formatNumber, formatDecimal, formatTime } = useApp();
  const latest = series.at(-1);
  if (!latest) return null;
  const now = t("live.chartNow", {
    sold: formatNumber(latest.confirmed),
    held: formatNumber(latest.held),
    available: formatNumber(latest.available),
    total: formatNumber(latest.total),
    rate: formatDecimal(latest.reservationsPerSecond),
  });
  const bands = seatBands(series, SEATS_FRAME, CHART_WINDOW_MS);
  const line = rateLine(series, RATE_FRAME, CHART_WINDOW_MS);

  return (
    <section class="live-chart" aria-labelledby="live-chart-title">
      <h3 id="live-chart-title">{t("live.chartTitle")}</h3>
      <p id="live-chart-now">{now}</p>
      {series.length < 2 ? (
        <p class="muted">{t("live.chartWait")}</p>
      ) : (
        <>
          <ChartFigure
            frame={SEATS_FRAME}
            captionId="live-seats-caption"
            labelledBy="live-seats-caption live-chart-now"
            caption={
              <>
                {t("live.chartSeats")}
                <ul class="legend">
                  {BANDS.map((band) => (
                    <li key={band.key}>
                      <span class={`swatch band-${band.key}`} aria-hidden="true" />
                      {t(band.label)}
                    </li>
                  ))}
                </ul>
              </>
            }
          >
            {BANDS.map((band) => (
              <path key={band.key} class={`band-${band.key}`} d={bands[band.key]} />
            ))}
          </ChartFigure>
          <ChartFigure
            frame={RATE_FRAME}
            captionId="live-rate-caption"
            labelledBy="live-rate-caption"
            caption={t("live.chartRate", { max: formatNumber(line.max) })}
          >
            <line class="axis" x1="0" y1={RATE_FRAME.height} x2={RATE_FRAME.width} y2={RATE_FRAME.height} />
            <polyline class="rate-line" points={line.points} vector-effect="non-scaling-stroke" />
          </ChartFigure>
        </>
      )}
      <details>
        <summary>{t("live.readings")}</summary>
        <div class="table-scroll" role="group" aria-label={t("live.readings")} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("live.time")}</th>
                <th scope="col" class="number">
                  {t("live.sold")}
                </th>
                <th scope="col" class="number">
                  {t("live.held")}
                </th>
                <th scope="col" class="number">
                  {t("live.available")}
                </th>
                <th scope="col" class="number">
                  {t("live.reservationsPerSecond")}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...series].reverse().map((reading) => (
                <tr key={reading.at}>
                  <th scope="row">
                    <time dateTime={new Date(reading.at).toISOString()}>
                      {formatTime(new Date(reading.at))}
                    </time>
                  </th>
                  <td class="number">{formatNumber(reading.confirmed)}</td>
                  <td class="number">{formatNumber(reading.held)}</td>
                  <td class="number">{formatNumber(reading.available)}</td>
                  <td class="number">{formatDecimal(reading.reservationsPerSecond)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** One chart: an SVG image stretched to its frame, named by its caption (and whatever else `labelledBy` lists). */
function ChartFigure(props: {
  frame: { width: number; height: number };
  captionId: string;
  labelledBy: string;
  caption: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <figure>
      <svg
        class="chart"
        viewBox={`0 0 ${props.frame.width} ${props.frame.height}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={props.labelledBy}
      >
        {props.children}
      </svg>
      <figcaption id={props.captionId}>{props.caption}</figcaption>
    </figure>
  );
}
