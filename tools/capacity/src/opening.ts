import { InvalidSettingError } from "./errors.ts";

/** The buyers of one sale opening and how their clients behave. */
export interface OpeningScenario {
  /** When sales open, seconds since midnight. */
  readonly opensAt: number;
  readonly buyers: number;
  readonly seats: number;
  /** First attempts fall within this many seconds after the opening. @default 60 */
  readonly arrivalSeconds: number;
  /** Time constant of the first attempts' exponential decay: most buyers click at once. @default 10 */
  readonly arrivalTimeConstant: number;
  /** A failed attempt is retried after this many seconds (spread evenly). @default [1, 3] */
  readonly retryDelaySeconds: readonly [number, number];
  /** Attempts before a buyer gives up. @default 20 */
  readonly maxAttempts: number;
  /** An attempt not answered within this many seconds fails (client or ALB timeout). @default 10 */
  readonly clientTimeoutSeconds: number;
  /** Requests of people browsing, before and after the opening. @default 200 */
  readonly baselineRps: number;
}

export const DEFAULT_OPENING: Omit<OpeningScenario, "opensAt"> = {
  buyers: 50_000,
  seats: 5_000,
  arrivalSeconds: 60,
  arrivalTimeConstant: 10,
  retryDelaySeconds: [1, 3],
  maxAttempts: 20,
  clientTimeoutSeconds: 10,
  baselineRps: 200,
};

/** One attempt: a cached read of the event (GET) and the reservation (POST). */
export const REQUESTS_PER_ATTEMPT = 2;

export function validateOpening(scenario: OpeningScenario): void {
  const positive = (name: keyof OpeningScenario, integer = true) => {
    const value = scenario[name] as number;
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      throw new InvalidSettingError(name, value, integer ? "a whole number > 0" : "a number > 0");
  };
  positive("buyers");
  positive("seats");
  positive("arrivalSeconds");
  positive("arrivalTimeConstant", false);
  positive("maxAttempts");
  positive("clientTimeoutSeconds");
  const [low, high] = scenario.retryDelaySeconds;
  if (!(Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high >= low))
    throw new InvalidSettingError(
      "retryDelaySeconds",
      scenario.retryDelaySeconds,
      "whole seconds 1 <= min <= max",
    );
  if (!(scenario.baselineRps >= 0))
    throw new InvalidSettingError("baselineRps", scenario.baselineRps, "a number >= 0");
}

/**
 * Buyers making their first attempt in each second after the opening: an exponential decay with the scenario's time
 * constant, cut at `arrivalSeconds` and scaled so that every buyer arrives.
 */
export function firstAttempts(scenario: OpeningScenario): number[] {
  const tau = scenario.arrivalTimeConstant;
  const total = 1 - Math.exp(-scenario.arrivalSeconds / tau);
  return Array.from(
    { length: scenario.arrivalSeconds },
    (_, k) => (scenario.buyers * (Math.exp(-k / tau) - Math.exp(-(k + 1) / tau))) / total,
  );
}
