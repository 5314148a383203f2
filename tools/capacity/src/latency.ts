/** How one instance serves: throughput at 100% CPU, latency when idle, and how long a request may wait. */
export interface ServiceModel {
  /** Requests per second one instance serves at 100% CPU. */
  perInstanceRps: number;
  /** p99 latency of a request that does not wait, ms. @default 50 */
  baseP99Ms: number;
  /** Requests that would wait longer than this in the backlog time out and count as rejected, s. @default 10 */
  queueTimeoutSeconds: number;
}

/**
 * p99 latency in ms with utilisation `rho` of an instance serving `mu` req/s and `backlogSeconds` of work queued in
 * front of it. Below saturation it is the base latency plus the 99th percentile of the M/M/1 waiting time,
 * ln(100·rho) / (mu·(1 − rho)); a backlog adds its own drain time. The M/M/1 term is capped by the queue timeout.
 */
export function p99LatencyMs(rho: number, mu: number, backlogSeconds: number, model: ServiceModel): number {
  let waitSeconds = 0;
  if (rho >= 1) waitSeconds = model.queueTimeoutSeconds;
  else if (rho > 0.01 && mu > 0)
    waitSeconds = Math.min(model.queueTimeoutSeconds, Math.log(100 * rho) / (mu * (1 - rho)));
  return (
    model.baseP99Ms + 1000 * Math.min(model.queueTimeoutSeconds, Math.max(0, waitSeconds) + backlogSeconds)
  );
}
