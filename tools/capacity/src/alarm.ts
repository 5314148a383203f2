/**
 * A CloudWatch alarm on a metric averaged over fixed periods: a datapoint is published at the end of each period, and
 * the alarm is in ALARM when its last `evaluationPeriods` datapoints all breach.
 */
export class PeriodAverager {
  readonly periodSeconds: number;
  #sum = 0;
  #count = 0;
  readonly datapoints: number[] = [];

  constructor(periodSeconds: number) {
    this.periodSeconds = periodSeconds;
  }

  /** Adds this second's value; returns true when a period just ended and a datapoint was published. */
  add(value: number, now: number): boolean {
    this.#sum += value;
    this.#count += 1;
    if ((now + 1) % this.periodSeconds !== 0) return false;
    this.datapoints.push(this.#sum / this.#count);
    this.#sum = 0;
    this.#count = 0;
    return true;
  }

  /** True when the last `evaluationPeriods` datapoints all satisfy `breaches`. */
  breaching(evaluationPeriods: number, breaches: (value: number) => boolean): boolean {
    if (this.datapoints.length < evaluationPeriods) return false;
    return this.datapoints.slice(-evaluationPeriods).every(breaches);
  }

  get last(): number {
    return this.datapoints[this.datapoints.length - 1] ?? 0;
  }
}
