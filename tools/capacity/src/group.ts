/** One instance of the group: launched at `launchedAt`, serving from `readyAt`. */
export interface Instance {
  launchedAt: number;
  readyAt: number;
}

/** The Auto Scaling group's running instances and desired capacity, second by second. */
export class Group {
  instances: Instance[] = [];
  desired: number;
  minSize: number;
  maxSize: number;
  readonly launchSeconds: number;

  constructor(options: {
    desired: number;
    minSize: number;
    maxSize: number;
    launchSeconds: number;
    now: number;
  }) {
    this.desired = options.desired;
    this.minSize = options.minSize;
    this.maxSize = options.maxSize;
    this.launchSeconds = options.launchSeconds;
    // The group starts in steady state: its initial instances have long been serving.
    for (let i = 0; i < options.desired; i++)
      this.instances.push({ launchedAt: -Infinity, readyAt: -Infinity });
  }

  inService(now: number): number {
    return this.instances.filter((instance) => instance.readyAt <= now).length;
  }

  /** Instances that are launched but not serving yet. */
  pending(now: number): number {
    return this.instances.length - this.inService(now);
  }

  /** Sets the desired capacity (clamped to min/max) and launches or terminates to match; returns the change. */
  setDesired(target: number, now: number): number {
    const desired = Math.max(this.minSize, Math.min(this.maxSize, target));
    const change = desired - this.desired;
    this.desired = desired;
    while (this.instances.length < desired) {
      this.instances.push({ launchedAt: now, readyAt: now + this.launchSeconds });
    }
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
