export { CapacityError, InvalidSettingError } from "./errors.ts";
export { formatClock, parseClock } from "./clock.ts";
export { Group, validateGroup, type GroupSettings, type Instance } from "./group.ts";
export {
  AURORA_WRITER_FACTOR,
  INSTANCE_PROFILES,
  instanceProfile,
  measurementsFrom,
  type InstanceProfile,
  type Measurements,
} from "./measurements.ts";
export {
  DEFAULT_OPENING,
  REQUESTS_PER_ATTEMPT,
  firstAttempts,
  validateOpening,
  type OpeningScenario,
} from "./opening.ts";
export {
  controllerFor,
  requestTrackingController,
  scheduledController,
  stepController,
  type Controller,
  type PolicySpec,
  type ScalingEvent,
  type Signals,
} from "./policies.ts";
export {
  DEFAULT_COLD_LAUNCH_SECONDS,
  DEFAULT_WARM_LAUNCH_SECONDS,
  scalingFromInfra,
  type InfraScalingModel,
  type PolicySet,
} from "./infra-settings.ts";
export { buyersPerInstance, serviceModel } from "./service.ts";
export {
  simulate,
  type SecondRow,
  type ServiceModel,
  type SimulationInput,
  type SimulationResult,
} from "./simulate.ts";
export { renderEvents, renderMinutes, renderSummary } from "./report.ts";
export { renderSvg } from "./svg.ts";
