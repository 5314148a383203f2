export { CapacityError, InvalidSettingError } from "./errors.ts";
export { DEFAULT_CURVE, formatClock, parseClock, parseCurve, rateAt, type Curve } from "./curve.ts";
export { p99LatencyMs, type ServiceModel } from "./latency.ts";
export { controllerFor, type Controller, type ScalingEvent } from "./policies.ts";
export { openingTime, policiesToCompare, prewarmSize } from "./scenarios.ts";
export {
  DEFAULT_LAUNCH_SECONDS,
  type GroupSettings,
  type PolicySettings,
  type ScheduledSettings,
  type StepScalingSettings,
  type TargetTrackingSettings,
} from "./settings.ts";
export { simulate, type MinuteRow, type SimulationInput, type SimulationResult } from "./simulate.ts";
export { renderEvents, renderMinutes, renderSummary } from "./report.ts";
export { renderSvg } from "./svg.ts";
export { DEFAULT_PER_INSTANCE_RPS, throughputFromBenchmarks } from "./throughput.ts";
export { scalingFromInfra, type InfraScalingModel } from "./infra-settings.ts";
