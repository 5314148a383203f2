import { InvalidOptionError } from "./errors.ts";
import { DEV_JWT_SECRET } from "./tokens.ts";

/** Reads an integer flag, with a typed error that quotes the flag and the bad value. */
export function intOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new InvalidOptionError(name, raw, "an integer");
  return value;
}

export function optionalInt(values: Record<string, unknown>, name: string): number | undefined {
  return values[name] === undefined ? undefined : intOption(values, name, 0);
}

export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === "string" ? raw : undefined;
}

/**
 * The secret tokens are signed with: `--jwt-secret`, else `JWT_SECRET`, else the API's development secret. An empty
 * `JWT_SECRET` counts as unset, as the API reads it (it then verifies with the development secret).
 */
export function jwtSecretOption(values: Record<string, unknown>): string {
  return stringOption(values, "jwt-secret") ?? (process.env.JWT_SECRET || DEV_JWT_SECRET);
}
