import { CacheInputError } from "./errors.js";

/** Longest key or tag accepted, in UTF-16 code units; longer ones are refused with E_INVALID_KEY before any I/O. */
export const MAX_KEY_LENGTH = 1024;

export function assertKey(key: unknown, field = "key"): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new CacheInputError(
      "E_INVALID_KEY",
      field,
      key,
      `must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    );
  }
}

/** A duration in ms that must be a finite number > 0. */
export function assertTtl(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new CacheInputError("E_INVALID_TTL", field, value, "must be a finite number of milliseconds > 0");
  }
}

/** A duration in ms that may be 0. */
export function assertDuration(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new CacheInputError(
      "E_INVALID_OPTION",
      field,
      value,
      "must be a finite number of milliseconds ≥ 0",
    );
  }
}

export function assertTags(tags: unknown, field = "tags"): asserts tags is readonly string[] {
  if (!Array.isArray(tags))
    throw new CacheInputError("E_INVALID_OPTION", field, tags, "must be an array of tags");
  tags.forEach((tag, index) => assertKey(tag, `${field}[${index}]`));
}

export function assertFraction(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new CacheInputError("E_INVALID_OPTION", field, value, "must be a number between 0 and 1");
  }
}

export function assertPositiveInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new CacheInputError("E_INVALID_OPTION", field, value, "must be an integer ≥ 1");
  }
}

export function assertNamespace(value: unknown): asserts value is string {
  if (typeof value !== "string" || value.length === 0 || /[{}]/.test(value)) {
    throw new CacheInputError(
      "E_INVALID_OPTION",
      "namespace",
      value,
      "must be a non-empty string without { or }",
    );
  }
}
