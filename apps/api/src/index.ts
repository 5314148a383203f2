export { createApp, type AppDeps } from "./app.js";
export { start, type RunningServer, type StartOptions } from "./server.js";
export { createRuntime, type Runtime } from "./runtime.js";
export {
  loadConfig,
  ConfigError,
  DEV_JWT_SECRET,
  redactUrl,
  type ApiConfig,
  type Environment,
} from "./config.js";
export { createLogger, REDACT_PATHS } from "./logger.js";
export { createLifecycle, type Lifecycle } from "./lifecycle.js";
export { createTokenVerifier, type TokenCacheOptions, type TokenVerifier } from "./auth/verify-token.js";
export { signToken } from "./auth/sign-token.js";
export { createRateLimiters, type RateLimiters, type RateLimitOptions } from "./http/rate-limit.js";
export {
  CloudWatchMetrics,
  CLOUDWATCH_METRIC_NAMES,
  type CloudWatchMetricsOptions,
} from "./metrics/cloudwatch.js";
export { noopMetrics, type Metrics } from "./metrics/metrics.js";
export { buildOpenApi } from "./openapi.js";
export { ApiError, PROBLEM_TYPES, problemTypeUri, type ProblemType, type ProblemCode } from "./errors.js";
export type { Engine, EventRecord, ReservationRecord, Actor, DependencyState } from "./engine.js";
