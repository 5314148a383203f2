import { InvalidSettingError } from "./errors.ts";

/** The Auto Scaling group as deployed: sizes, and how long a new instance takes to serve. */
export interface GroupSettings {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /** Seconds from a launch to serving traffic when the instance boots from scratch (an assumption, not an AWS setting). */
  readonly coldLaunchSeconds: number;
  /** Seconds from a launch to serving traffic when a stopped warm-pool instance starts. */
  readonly warmLaunchSeconds: number;
  /** Whether the group keeps a warm pool of stopped instances (up to its maximum). */
  readonly warmPool: boolean;
}

/** One instance: launched at `launchedAt`, serving from `readyAt`. */
export interface Instance {
  launchedAt: number;
  readyAt: number;
}

export function validateGroup(group: GroupSettings): void {
  const int = (name: keyof GroupSettings, min: number) => {
    const value = group[name] as number;
    if (!(Number.isInteger(value) && value >= min))
      throw new InvalidSettingError(name, value, `an integer >= ${min}`);
  };
  int("minSize", 0);
  int("maxSize", 1);
  int("desiredCapacity", 0);
  int("coldLaunchSeconds", 0);
  int("warmLaunchSeconds", 0);
  if (group.minSize > group.maxSize)
    throw new InvalidSettingError("minSize", group.minSize, `at most maxSize (${group.maxSize})`);
  if (group.desiredCapacity < group.minSize || group.desiredCapacity > group.maxSize)
    throw new InvalidSettingError(
      "desiredCapacity",
      group.desiredCapacity,
      `within minSize..maxSize (${group.minSize}..${group.maxSize})`,
    );
}

/** The group's instances and desired capacity, second by second. */
export class Group {
  readonly instances: Instance[] = [];
  desired: number;
  minSize: number;
  readonly maxSize: number;
  private readonly settings: GroupSettings;

  constructor(settings: GroupSettings) {
    validateGroup(settings);
    this.settings = settings;
    this.desired = settings.desiredCapacity;
    this.minSize = settings.minSize;
    this.maxSize = settings.maxSize;
    // The group starts in steady state: its initial instances have long been serving.
    for (let i = 0; i < settings.desiredCapacity; i++)
      this.instances.push({ launchedAt: -Infinity, readyAt: -Infinity });
  }

  inService(now: number): number {
    return this.instances.filter((instance) => instance.readyAt <= now).length;
  }

  /** Sets the desired capacity (clamped to min/max) and launches or terminates to match; returns the change. */
  setDesired(target: number, now: number): number {
    const desired = Math.max(this.minSize, Math.min(this.maxSize, target));
    const change = desired - this.desired;
    this.desired = desired;
    // With a warm pool every instance up to the maximum is prepared (stopped) and only needs starting.
    const launch = this.settings.warmPool ? this.settings.warmLaunchSeconds : this.settings.coldLaunchSeconds;
    while (this.instances.length < desired) this.instances.push({ launchedAt: now, readyAt: now + launch });
    if (this.instances.length > desired) {
      // Terminate the newest first: pending instances before serving ones.
      this.instances.sort((a, b) => a.launchedAt - b.launchedAt);
      this.instances.length = desired;
    }
    return change;
  }

  /** When the last launched instance is (or was) in service: the end of the latest scaling activity. */
  activityEnd(): number {
    return Math.max(-Infinity, ...this.instances.map((instance) => instance.readyAt));
  }
}
