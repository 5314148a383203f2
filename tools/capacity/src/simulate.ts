import { rateAt, type Curve } from "./curve.ts";
import { InvalidSettingError } from "./errors.ts";
import { Group } from "./group.ts";
import { p99LatencyMs, type ServiceModel } from "./latency.ts";
import { controllerFor, type ScalingEvent } from "./policies.ts";
import { validateGroup, type GroupSettings, type PolicySettings } from "./settings.ts";

/** One simulated minute (or `bucketSeconds`), aggregated from one-second steps. */
export interface MinuteRow {
  /** Start of the bucket, seconds since midnight. */
  t: number;
  offeredRps: number;
  servedRps: number;
  /** Requests that timed out in the backlog during the bucket. */
  rejected: number;
  /** Instances serving, launched but not yet serving, and desired, at the start of the bucket. */
  inService: number;
  pending: number;
  desired: number;
  /** Average CPU of the in-service instances, %. */
  cpu: number;
  /** Average wait in the backlog, ms. */
  queueDelayMs: number;
  /** Worst one-second p99 in the bucket, ms. */
  p99Ms: number;
}

export interface SimulationResult {
  policy: string;
  rows: MinuteRow[];
  events: ScalingEvent[];
  /** Launched instances (pending or serving) integrated over time: what AWS bills. */
  instanceHours: number;
  maxP99Ms: number;
  /** Buckets whose p99 exceeded the target. */
  bucketsOverTarget: number;
  rejected: number;
  peakInstances: number;
  withinTarget: boolean;
}

export interface SimulationInput {
  name: string;
  curve: Curve;
  start: number;
  end: number;
  group: GroupSettings;
  policy: PolicySettings;
  service: ServiceModel;
  p99TargetMs: number;
  /** @default 60 */
  bucketSeconds?: number;
}

/**
 * Runs the group second by second: offered load joins the backlog, in-service instances serve up to their capacity,
 * work waiting longer than the queue timeout is rejected, and the policy sees the resulting CPU.
 */
export function simulate(input: SimulationInput): SimulationResult {
  validateGroup(input.group);
  if (!(input.service.perInstanceRps > 0))
    throw new InvalidSettingError("perInstanceRps", input.service.perInstanceRps, "a number > 0");
  if (!(input.end > input.start))
    throw new InvalidSettingError("end", input.end, `after start (${input.start})`);
  const bucketSeconds = input.bucketSeconds ?? 60;
  const group = new Group({
    desired: input.group.desiredCapacity,
    minSize: input.group.minSize,
    maxSize: input.group.maxSize,
    launchSeconds: input.group.launchSeconds,
    now: input.start,
  });
  const controller = controllerFor(input.policy, input.group.warmupSeconds);
  const mu = input.service.perInstanceRps;
  const rows: MinuteRow[] = [];
  const events: ScalingEvent[] = [];
  let backlog = 0;
  let instanceSeconds = 0;
  let peakInstances = group.instances.length;
  let bucket = emptyBucket(input.start);

  for (let now = input.start; now < input.end; now++) {
    const offered = rateAt(input.curve, now);
    const serving = group.inService(now);
    const capacity = serving * mu;
    const demand = offered + backlog;
    const served = Math.min(demand, capacity);
    backlog = demand - served;
    const limit = capacity * input.service.queueTimeoutSeconds;
    const rejected = Math.max(0, backlog - limit);
    backlog -= rejected;
    const rho = capacity > 0 ? served / capacity : 1;
    const cpu = 100 * rho;
    const backlogSeconds = capacity > 0 ? backlog / capacity : input.service.queueTimeoutSeconds;
    const p99 = p99LatencyMs(rho, mu, backlogSeconds, input.service);

    instanceSeconds += group.instances.length;
    peakInstances = Math.max(peakInstances, group.instances.length);
    bucket.offered += offered;
    bucket.served += served;
    bucket.rejected += rejected;
    bucket.cpu += cpu;
    bucket.queue += backlogSeconds * 1000;
    bucket.p99 = Math.max(bucket.p99, p99);
    if (bucket.seconds === 0) {
      bucket.inService = serving;
      bucket.pending = group.instances.length - serving;
      bucket.desired = group.desired;
    }
    bucket.seconds += 1;

    const scaled = controller.tick(now, cpu, group);
    if (scaled) events.push(scaled);

    if ((now + 1 - input.start) % bucketSeconds === 0 || now + 1 === input.end) {
      rows.push({
        t: bucket.t,
        offeredRps: bucket.offered / bucket.seconds,
        servedRps: bucket.served / bucket.seconds,
        rejected: bucket.rejected,
        inService: bucket.inService,
        pending: bucket.pending,
        desired: bucket.desired,
        cpu: bucket.cpu / bucket.seconds,
        queueDelayMs: bucket.queue / bucket.seconds,
        p99Ms: bucket.p99,
      });
      bucket = emptyBucket(now + 1);
    }
  }
  const bucketsOverTarget = rows.filter((row) => row.p99Ms > input.p99TargetMs).length;
  const totalRejected = rows.reduce((sum, row) => sum + row.rejected, 0);
  return {
    policy: input.name,
    rows,
    events,
    instanceHours: instanceSeconds / 3600,
    maxP99Ms: Math.max(...rows.map((row) => row.p99Ms)),
    bucketsOverTarget,
    rejected: totalRejected,
    peakInstances,
    withinTarget: bucketsOverTarget === 0 && totalRejected === 0,
  };
}

function emptyBucket(t: number) {
  return {
    t,
    offered: 0,
    served: 0,
    rejected: 0,
    cpu: 0,
    queue: 0,
    p99: 0,
    seconds: 0,
    inService: 0,
    pending: 0,
    desired: 0,
  };
}
