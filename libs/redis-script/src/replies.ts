/** Reply parsers for the shapes scripts return; each throws a TypeError naming what it got. */

export function integerReply(raw: unknown): number {
  if (typeof raw === "number" && Number.isInteger(raw)) return raw;
  throw new TypeError(`expected an integer, got ${typeof raw}`);
}

export function stringReply(raw: unknown): string {
  if (typeof raw === "string") return raw;
  throw new TypeError(`expected a string, got ${typeof raw}`);
}

export function nullableStringReply(raw: unknown): string | null {
  return raw === null ? null : stringReply(raw);
}

export function arrayReply(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  throw new TypeError(`expected an array, got ${typeof raw}`);
}

export function integerArrayReply(raw: unknown): number[] {
  return arrayReply(raw).map(integerReply);
}
