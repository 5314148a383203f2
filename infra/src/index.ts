export { Network, NETWORK_DEFAULTS } from "./network/network.js";
export type { NetworkProps, NatGatewayMode } from "./network/network.js";
export { SecurityGroups } from "./security/security-groups.js";
export type { SecurityGroupsProps } from "./security/security-groups.js";
export { WebFirewall } from "./security/web-firewall.js";
export type { WebFirewallProps } from "./security/web-firewall.js";
export { AuroraDatabase, AURORA_DEFAULT_ENGINE_VERSION } from "./database/aurora-database.js";
export type {
  AuroraDatabaseProps,
  ApplicationUserProps,
  DatabaseConnection,
} from "./database/aurora-database.js";
export { APPLICATION_PRIVILEGES } from "./database/application-user.js";
export { RedisCache } from "./cache/redis-cache.js";
export type { RedisCacheProps, CacheEngine, CacheConnection } from "./cache/redis-cache.js";
export type { GrantableRole } from "./iam/grant.js";
export type { MetricSpec } from "./monitoring/metric.js";
export { GeneratedSecret } from "./secrets/generated-secret.js";
export type { GeneratedSecretProps } from "./secrets/generated-secret.js";
export { ContainerRegistry } from "./compute/container-registry.js";
export type { ContainerRegistryProps } from "./compute/container-registry.js";
export { LoadBalancer } from "./compute/load-balancer.js";
export type { LoadBalancerProps } from "./compute/load-balancer.js";
export { AppFleet, isArmInstanceType } from "./compute/app-fleet.js";
export type { AppFleetProps, FleetCapacity, WarmPoolSettings } from "./compute/app-fleet.js";
export type { FleetPolicyStatement } from "./compute/instance-role.js";
export {
  renderUserData,
  userDataParts,
  APP_CONFIGURATION_BEGIN,
  APP_CONFIGURATION_END,
} from "./compute/user-data.js";
export type {
  UserDataInput,
  UserDataParts,
  SecretReference,
  CaBundle,
  LaunchHook,
} from "./compute/user-data.js";
export { AppAutoScaling, DEFAULT_STEP_SCALING } from "./compute/auto-scaling.js";
export { prewarmSize } from "./compute/prewarm.js";
export type { Opening, PrewarmSettings } from "./compute/prewarm.js";
export type {
  AppAutoScalingProps,
  CpuAlarmSettings,
  RequestTrackingSettings,
  ScalingSettings,
  StepScalingSettings,
  TargetTrackingSettings,
} from "./compute/auto-scaling.js";
export { SecureBucket } from "./storage/secure-bucket.js";
export type { SecureBucketProps } from "./storage/secure-bucket.js";
export { NotificationQueue } from "./messaging/notification-queue.js";
export type { NotificationQueueProps } from "./messaging/notification-queue.js";
export { Monitoring, DEFAULT_ALARM_THRESHOLDS } from "./monitoring/monitoring.js";
export type { MonitoringProps, AlarmSettings, AlarmThresholds } from "./monitoring/monitoring.js";
export {
  renderDashboard,
  DEFAULT_APP_METRIC_NAMES,
  OUTBOX_METRIC_NAMES,
  WAITING_ROOM_METRIC_NAMES,
} from "./monitoring/dashboard.js";
export type { DashboardTargets } from "./monitoring/dashboard.js";
export { TicketingPlatform, RDS_CA_BUNDLE_URL } from "./platform/ticketing-platform.js";
export type { TicketingPlatformProps } from "./platform/ticketing-platform.js";
export { presets, scalingDefaults, PRESET_NAMES, BACKSTOP_STEP_SCALING } from "./presets.js";
export type { PlatformSettings, PresetName } from "./presets.js";
export {
  InfraError,
  InvalidPropError,
  CidrOverlapError,
  SubnetCountError,
  CapacityRangeError,
  UnknownPresetError,
} from "./errors.js";
export type { InfraErrorCode } from "./errors.js";
export { TERRAFORM_TARGET_VERSIONS, REQUIRED_TERRAFORM_VERSION } from "./versions.js";
