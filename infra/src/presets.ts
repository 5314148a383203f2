import {
  DEFAULT_STEP_SCALING,
  type ScalingSettings,
  type StepScalingSettings,
} from "./compute/auto-scaling.js";
import { DEFAULT_ALARM_THRESHOLDS, type AlarmThresholds } from "./monitoring/monitoring.js";
import { type NatGatewayMode } from "./network/network.js";
import { type CacheEngine } from "./cache/redis-cache.js";

/** Names of the built-in `TicketingPlatform` presets. */
export type PresetName = "dev" | "prod";
export const PRESET_NAMES: readonly PresetName[] = ["dev", "prod"];

/** Every setting a preset fixes; `TicketingPlatform` props override any of them. */
export interface PlatformSettings {
  readonly network: { readonly natGateways: NatGatewayMode; readonly flowLogRetentionDays: number };
  readonly database: {
    readonly instanceClass: string;
    readonly readerCount: number;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly performanceInsightsRetentionDays: number;
  };
  readonly cache: {
    readonly engine: CacheEngine;
    readonly nodeType: string;
    readonly nodeCount: number;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
  };
  readonly fleet: {
    readonly instanceType: string;
    readonly capacity: { readonly min: number; readonly max: number; readonly desired: number };
    readonly rootVolumeGiB: number;
    readonly healthCheckGracePeriodSeconds: number;
    readonly logRetentionDays: number;
  };
  readonly scaling: ScalingSettings;
  readonly loadBalancer: { readonly deletionProtection: boolean };
  readonly storage: { readonly forceDestroy: boolean; readonly expireAfterDays: number };
  readonly registry: { readonly forceDelete: boolean };
  readonly alarms: Required<AlarmThresholds>;
}

/**
 * The scaling behaviour both presets share, as plain data so a capacity simulation can replay it: ASG bounds, the
 * CPU alarms (threshold, period, evaluation periods), step sizes, cooldown and instance warm-up.
 */
export const scalingDefaults = {
  capacity: { min: 2, max: 20, desired: 2 },
  /** AWS policy type used for the step strategy; SimpleScaling is the one that honours `cooldownSeconds`. */
  policyType: "SimpleScaling",
  scaleOutBy: DEFAULT_STEP_SCALING.scaleOutBy,
  scaleInBy: DEFAULT_STEP_SCALING.scaleInBy,
  cooldownSeconds: DEFAULT_STEP_SCALING.cooldownSeconds,
  scaleOutAlarm: {
    metric: "AWS/EC2 CPUUtilization Average",
    comparison: ">",
    ...DEFAULT_STEP_SCALING.scaleOutAlarm,
  },
  scaleInAlarm: {
    metric: "AWS/EC2 CPUUtilization Average",
    comparison: "<",
    ...DEFAULT_STEP_SCALING.scaleInAlarm,
  },
  /** ELB health-check grace period: a new instance is not judged (or replaced) before this. */
  healthCheckGracePeriodSeconds: 300,
  /** Warm-up used by the target-tracking alternative. */
  instanceWarmupSeconds: 300,
  targetTracking: { targetCpuPercent: 50, instanceWarmupSeconds: 300 },
} as const;

const prodStep: StepScalingSettings = DEFAULT_STEP_SCALING;

/** The two built-in presets. `dev` is cost-optimised (single NAT, smallest instances, min 1); `prod` is full HA. */
export const presets: { readonly [P in PresetName]: PlatformSettings } = {
  dev: {
    network: { natGateways: "single", flowLogRetentionDays: 7 },
    database: {
      instanceClass: "db.t4g.medium",
      // Writer only: the reader endpoint then resolves to the writer. Set readerCount: 1 to rehearse failover.
      readerCount: 0,
      backupRetentionDays: 1,
      deletionProtection: false,
      performanceInsightsRetentionDays: 7,
    },
    cache: {
      engine: "valkey",
      nodeType: "cache.t4g.micro",
      nodeCount: 1,
      multiAz: false,
      snapshotRetentionDays: 1,
    },
    fleet: {
      instanceType: "t3.micro",
      capacity: { min: 1, max: 4, desired: 1 },
      rootVolumeGiB: 20,
      healthCheckGracePeriodSeconds: scalingDefaults.healthCheckGracePeriodSeconds,
      logRetentionDays: 7,
    },
    scaling: { ...prodStep },
    loadBalancer: { deletionProtection: false },
    storage: { forceDestroy: true, expireAfterDays: 14 },
    registry: { forceDelete: true },
    alarms: DEFAULT_ALARM_THRESHOLDS,
  },
  prod: {
    network: { natGateways: "per-az", flowLogRetentionDays: 90 },
    database: {
      instanceClass: "db.r6g.large",
      readerCount: 1,
      backupRetentionDays: 7,
      deletionProtection: true,
      performanceInsightsRetentionDays: 7,
    },
    cache: {
      engine: "valkey",
      nodeType: "cache.r7g.large",
      nodeCount: 2,
      multiAz: true,
      snapshotRetentionDays: 7,
    },
    fleet: {
      instanceType: "c6i.large",
      capacity: { ...scalingDefaults.capacity },
      rootVolumeGiB: 20,
      healthCheckGracePeriodSeconds: scalingDefaults.healthCheckGracePeriodSeconds,
      logRetentionDays: 30,
    },
    scaling: prodStep,
    loadBalancer: { deletionProtection: true },
    storage: { forceDestroy: false, expireAfterDays: 90 },
    registry: { forceDelete: false },
    alarms: DEFAULT_ALARM_THRESHOLDS,
  },
};
