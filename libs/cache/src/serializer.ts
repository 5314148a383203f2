/** Turns values into the strings stored in Redis and back. Must throw on values it cannot round-trip. */
export interface Serializer {
  serialize(value: unknown): string;
  deserialize(text: string): unknown;
}

const DATE = "$date";
const BIGINT = "$bigint";

/**
 * JSON with two documented extensions so that values round-trip instead of silently changing type:
 * - a `Date` is stored as `{"$date":"<ISO-8601>"}` and read back as a `Date` (an invalid Date is refused);
 * - a `bigint` is stored as `{"$bigint":"<decimal digits>"}` and read back as a `bigint`.
 * An object whose only key is `$date` or `$bigint` is therefore reserved. Functions, symbols, `Map`, `Set`, typed
 * arrays and cycles are refused with an error rather than dropped the way `JSON.stringify` drops them.
 */
export const jsonSerializer: Serializer = {
  serialize(value) {
    const text = JSON.stringify(value, replacer);
    if (text === undefined) throw new TypeError(`${typeof value} cannot be represented in JSON`);
    return text;
  },
  deserialize(text) {
    return text.includes('{"$') ? JSON.parse(text, reviver) : JSON.parse(text);
  },
};

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date#toJSON on `value`; the holder still has the original.
  const original = this[key];
  if (original instanceof Date) {
    if (Number.isNaN(original.getTime())) throw new TypeError(`invalid Date at "${key}"`);
    return { [DATE]: original.toISOString() };
  }
  switch (typeof value) {
    case "bigint":
      return { [BIGINT]: value.toString() };
    case "function":
    case "symbol":
      throw new TypeError(`${typeof value} at "${key}"`);
    case "object":
      if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
        throw new TypeError(`${value.constructor.name} at "${key}" (convert it to an array or object first)`);
      }
      return value;
    default:
      return value;
  }
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 1) return value;
  const tagged = record[DATE] ?? record[BIGINT];
  if (typeof tagged !== "string") return value;
  return keys[0] === DATE ? new Date(tagged) : BigInt(tagged);
}
