import { InvalidOptionError } from "./errors.ts";

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
