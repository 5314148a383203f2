import {
  DEFAULT_STEP_SCALING,
  type ScalingSettings,
  type StepScalingSettings,
} from "./compute/auto-scaling.js";
import type { WarmPoolSettings } from "./compute/app-fleet.js";
import type { PrewarmSettings } from "./compute/prewarm.js";
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
    /** Days the application user's secret survives deletion (0 lets a destroyed stack be recreated at once). */
    readonly secretRecoveryWindowDays: number;
  };
  readonly cache: {
    readonly engine: CacheEngine;
    readonly nodeType: string;
    readonly nodeCount: number;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
    readonly secretRecoveryWindowDays: number;
  };
  readonly fleet: {
    readonly instanceType: string;
    readonly capacity: { readonly min: number; readonly max: number; readonly desired: number };
    readonly rootVolumeGiB: number;
    readonly healthCheckGracePeriodSeconds: number;
    readonly logRetentionDays: number;
    readonly instanceWarmupSeconds: number;
    readonly warmPool: WarmPoolSettings | undefined;
  };
  /** API processes per instance (the app's `WORKERS`): one per vCPU the instance can keep busy. */
  readonly workersPerInstance: number;
  /** CPU policies: in both presets a scale-out-only backstop behind request tracking. */
  readonly scaling: ScalingSettings;
  /** Target tracking on ALB requests per target, per minute. */
  readonly requestTracking: { readonly requestsPerTargetPerMinute: number };
  /** How openings of the sale calendar raise the fleet. */
  readonly prewarm: Required<PrewarmSettings>;
  readonly loadBalancer: { readonly deletionProtection: boolean };
  readonly storage: { readonly forceDestroy: boolean; readonly expireAfterDays: number };
  readonly registry: { readonly forceDelete: boolean };
  readonly alarms: Required<AlarmThresholds>;
}

/**
 * The CPU backstop both presets deploy behind request tracking: scale out only (request tracking owns scale-in), on
 * CPU above 40 % for two minutes. Each API process can use one vCPU: on a 2-vCPU instance with one process (dev), a
 * saturated process shows as ~50 % CPU, so the 70 % threshold of a CPU-bound app would never fire, and 40 % is 80 % of
 * that one vCPU. With two processes (prod) it fires at 40 % of both: early, as a backstop should.
 */
export const BACKSTOP_STEP_SCALING: StepScalingSettings = {
  type: "step",
  scaleOutBy: 2,
  scaleInBy: 1,
  cooldownSeconds: 120,
  scaleOutAlarm: { thresholdPercent: 40, periodSeconds: 60, evaluationPeriods: 2 },
  scaleInAlarm: { thresholdPercent: 20, periodSeconds: 60, evaluationPeriods: 15 },
  scaleIn: false,
};

/**
 * The scaling behaviour of the presets as plain data, so the capacity simulation replays what `infra:synth` writes:
 * group bounds, the request-tracking target, the pre-warm rule, the backstop, warm-ups, and the step policy the
 * platform used to deploy (`DEFAULT_STEP_SCALING`), kept for comparison.
 */
export const scalingDefaults = {
  capacity: { min: 2, max: 20, desired: 2 },
  /** AWS policy type of the step strategies; SimpleScaling is the one that honours `cooldownSeconds`. */
  policyType: "SimpleScaling",
  /** The step policy alone, as the platform deployed it before request tracking and pre-warming. */
  legacyStep: DEFAULT_STEP_SCALING,
  backstop: BACKSTOP_STEP_SCALING,
  /**
   * 150,000 requests per instance per minute (2,500 per second): below half of what one c6i.large serves in the
   * capacity model (bench × 0.5), so a minute of arrivals can double before instances saturate.
   */
  requestTracking: { requestsPerTargetPerMinute: 150_000 },
  /**
   * `npx nx run capacity:simulate` finds one c6i.large absorbs ~27,000 buyers at 50 % of its capacity in an opening's
   * busiest second (the api bench × 0.5); halved, so that losing one of the two zones at 19:00 keeps that margin.
   */
  prewarm: { buyersPerInstance: 13_000, leadMinutes: 15, holdMinutes: 60 },
  /** ELB health-check grace period: it starts once the instance is live (the launch hook), so it can be short. */
  healthCheckGracePeriodSeconds: 90,
  /** A new instance counts in the group's metrics this long after it entered service. */
  instanceWarmupSeconds: 60,
  /** CPU target tracking, the other built-in strategy. */
  targetTracking: { targetCpuPercent: 50, instanceWarmupSeconds: 300 },
  /** Stopped instances ready to start: a warm-pool start takes about a minute instead of a cold boot's three. */
  warmPool: { state: "Stopped", minSize: 0 } satisfies WarmPoolSettings,
} as const;

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
      secretRecoveryWindowDays: 0,
    },
    cache: {
      engine: "valkey",
      nodeType: "cache.t4g.micro",
      nodeCount: 1,
      multiAz: false,
      snapshotRetentionDays: 1,
      secretRecoveryWindowDays: 0,
    },
    fleet: {
      instanceType: "t3.micro",
      capacity: { min: 1, max: 4, desired: 1 },
      rootVolumeGiB: 20,
      healthCheckGracePeriodSeconds: scalingDefaults.healthCheckGracePeriodSeconds,
      logRetentionDays: 7,
      instanceWarmupSeconds: scalingDefaults.instanceWarmupSeconds,
      warmPool: undefined,
    },
    scaling: BACKSTOP_STEP_SCALING,
    // A t3.micro earns CPU credits for about a tenth of a vCPU: a much lower target.
    requestTracking: { requestsPerTargetPerMinute: 20_000 },
    // A t3.micro at its CPU-credit baseline: about a fifth of a c6i.large in the capacity model.
    prewarm: { ...scalingDefaults.prewarm, buyersPerInstance: 2_500 },
    loadBalancer: { deletionProtection: false },
    storage: { forceDestroy: true, expireAfterDays: 14 },
    registry: { forceDelete: true },
    alarms: DEFAULT_ALARM_THRESHOLDS,
    // A t3.micro's CPU credits keep about a tenth of a vCPU busy, and its 1 GiB holds one process comfortably.
    workersPerInstance: 1,
  },
  prod: {
    network: { natGateways: "per-az", flowLogRetentionDays: 90 },
    database: {
      instanceClass: "db.r6g.large",
      readerCount: 1,
      backupRetentionDays: 7,
      deletionProtection: true,
      performanceInsightsRetentionDays: 7,
      secretRecoveryWindowDays: 7,
    },
    cache: {
      engine: "valkey",
      nodeType: "cache.r7g.large",
      nodeCount: 2,
      multiAz: true,
      snapshotRetentionDays: 7,
      secretRecoveryWindowDays: 7,
    },
    fleet: {
      instanceType: "c6i.large",
      capacity: { ...scalingDefaults.capacity },
      rootVolumeGiB: 20,
      healthCheckGracePeriodSeconds: scalingDefaults.healthCheckGracePeriodSeconds,
      logRetentionDays: 30,
      instanceWarmupSeconds: scalingDefaults.instanceWarmupSeconds,
      warmPool: scalingDefaults.warmPool,
    },
    scaling: BACKSTOP_STEP_SCALING,
    requestTracking: scalingDefaults.requestTracking,
    prewarm: scalingDefaults.prewarm,
    loadBalancer: { deletionProtection: true },
    storage: { forceDestroy: false, expireAfterDays: 90 },
    registry: { forceDelete: false },
    alarms: DEFAULT_ALARM_THRESHOLDS,
    // A c6i.large has two vCPUs; one Node process keeps one busy.
    workersPerInstance: 2,
  },
};
