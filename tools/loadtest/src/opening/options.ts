import { InvalidOptionError } from "../errors.ts";
import { intOption, jwtSecretOption, stringOption } from "../options.ts";

export interface OpeningOptions {
  readonly url: string;
  readonly users: number;
  readonly seats: number;
  /** Share of buyers who hold seats and never pay (their holds expire). */
  readonly abandon: number;
  /** Share of buyers who join before the opening (the pre-queue). */
  readonly early: number;
  /** Share of buyers who follow their place over Server-Sent Events; the others poll. */
  readonly sse: number;
  readonly holdSeconds: number;
  readonly admitPerSecond: number;
  /** Seconds from the event's creation to the opening: the early buyers join within them. */
  readonly preOpenSeconds: number;
  /** Seconds after the opening over which the other buyers arrive. */
  readonly arrivalSeconds: number;
  /** Mean time a buyer takes to pay once holding seats, in ms. */
  readonly payMs: number;
  readonly jwtSecret: string;
  readonly databaseUrl: string | undefined;
  /** Keep-alive connections for requests (streams have their own). */
  readonly connections: number;
  /** The run gives up (and fails) after this many seconds. */
  readonly timeoutSeconds: number;
  readonly forwardedFor: boolean;
}

function share(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) throw new InvalidOptionError(name, raw, "a number from 0 to 1");
  return value;
}

function positive(values: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = intOption(values, name, fallback);
  if (value < 1 || value > max)
    throw new InvalidOptionError(name, values[name], `an integer from 1 to ${max}`);
  return value;
}

/** Reads the flags of `loadtest:opening`; every bad value is refused before anything is sent. */
export function openingOptions(values: Record<string, unknown>): OpeningOptions {
  const users = positive(values, "users", 2_000, 1_000_000);
  const seats = positive(values, "seats", 200, 10_000_000);
  const url = stringOption(values, "url") ?? "http://localhost:3000";
  if (!URL.canParse(url) || new URL(url).protocol !== "http:")
    throw new InvalidOptionError("url", url, "an http:// URL of the API");
  return {
    url,
    users,
    seats,
    abandon: share(values, "abandon", 0.2),
    early: share(values, "early", 0.5),
    sse: share(values, "sse", 0.1),
    holdSeconds: positive(values, "hold-seconds", 15, 86_400),
    admitPerSecond: positive(values, "admit-per-second", Math.max(10, Math.min(500, seats)), 100_000),
    preOpenSeconds: positive(values, "pre-open-seconds", 3, 3_600),
    arrivalSeconds: positive(values, "arrival-seconds", 3, 3_600),
    payMs: positive(values, "pay-ms", 300, 600_000),
    jwtSecret: jwtSecretOption(values),
    databaseUrl: stringOption(values, "database-url"),
    connections: positive(values, "connections", 256, 10_000),
    timeoutSeconds: positive(values, "timeout", 600, 86_400),
    forwardedFor: values["forwarded-for"] !== false,
  };
}
