import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { LIVE_INTERVAL_MS, usePolling } from "../../hooks/use-polling";

/** GET /api/health, re-read every few seconds: the instance and its database and Redis. */
export function HealthPanel() {
  const { api, t, describe, formatTime } = useApp();
  const health = usePolling((signal) => api.health(signal), LIVE_INTERVAL_MS);
  const report = health.data;
  return (
    <section class="panel" aria-labelledby="health-title">
      <h2 id="health-title">{t("operator.health")}</h2>
      {health.problem !== undefined && <Notice kind="error">{describe(health.problem)}</Notice>}
      {report && (
        <dl class="figures">
          <div>
            <dt>{t("operator.status")}</dt>
            <dd class={report.status === "UP" ? "ok" : "bad"}>{t(`health.${report.status}`)}</dd>
          </div>
          <div>
            <dt>{t("operator.database")}</dt>
            <dd class={report.database === "down" ? "bad" : "ok"}>{t(`health.${report.database}`)}</dd>
          </div>
          <div>
            <dt>{t("operator.redis")}</dt>
            <dd class={report.redis === "down" ? "bad" : "ok"}>{t(`health.${report.redis}`)}</dd>
          </div>
        </dl>
      )}
      {report && (
        <p class="muted">{t("operator.updated", { time: formatTime(new Date(report.timestamp)) })}</p>
      )}
    </section>
  );
}
