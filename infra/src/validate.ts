import { Token } from "cdktn";
import { CapacityRangeError, CidrOverlapError, InvalidPropError } from "./errors.js";

/** A parsed IPv4 CIDR block: first address as an unsigned 32-bit number and the prefix length. */
export interface Ipv4Block {
  readonly text: string;
  readonly start: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Parses `a.b.c.d/n`, refusing host bits set so "10.0.1.5/24" cannot silently mean 10.0.1.0/24. */
export function parseCidr(construct: string, prop: string, text: string): Ipv4Block {
  const match = CIDR.exec(text);
  const parts = match?.slice(1).map(Number);
  if (!parts || parts.slice(0, 4).some((o) => o > 255) || (parts[4] ?? 33) > 32) {
    throw new InvalidPropError(construct, prop, text, "is not an IPv4 CIDR block like 10.0.0.0/16");
  }
  const [a = 0, b = 0, c = 0, d = 0, prefix = 0] = parts;
  const start = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) {
    throw new InvalidPropError(construct, prop, text, `has host bits set for a /${prefix}`);
  }
  return { text, start, prefix };
}

function end(block: Ipv4Block): number {
  return block.start + 2 ** (32 - block.prefix) - 1;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start <= end(b) && b.start <= end(a);
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return outer.start <= inner.start && end(inner) <= end(outer);
}

/** Throws `E_CIDR_OVERLAP` for the first pair of blocks that share an address. */
export function assertDisjoint(construct: string, blocks: readonly Ipv4Block[]): void {
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i];
      const b = blocks[j];
      if (a && b && overlaps(a, b)) throw new CidrOverlapError(construct, a.text, b.text);
    }
  }
}

/** Integer in `[min, max]`; unresolved tokens are accepted as-is (Terraform validates them at plan time). */
export function assertInt(
  construct: string,
  prop: string,
  value: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new InvalidPropError(construct, prop, value, `must be an integer ${range}`);
  }
}

export function assertPort(construct: string, prop: string, value: number | undefined): void {
  assertInt(construct, prop, value, 1, 65535);
}

export function assertNonEmpty(construct: string, prop: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (value.trim() === "") throw new InvalidPropError(construct, prop, value, "must not be empty");
}

export function assertMatches(
  construct: string,
  prop: string,
  value: string | undefined,
  pattern: RegExp,
  expected: string,
): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!pattern.test(value)) throw new InvalidPropError(construct, prop, value, `must be ${expected}`);
}

export function assertOneOf<T extends string>(
  construct: string,
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new InvalidPropError(
      construct,
      prop,
      value,
      `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
    );
  }
}

/** `0 <= min <= desired <= max`, `max >= 1`; throws `E_CAPACITY_RANGE`. */
export function assertCapacity(construct: string, min: number, desired: number, max: number): void {
  if ([min, desired, max].some((v) => isUnresolved(v))) return;
  const ok =
    [min, desired, max].every(Number.isInteger) && min >= 0 && min <= desired && desired <= max && max >= 1;
  if (!ok) throw new CapacityRangeError(construct, min, desired, max);
}

/** Resource-name-safe prefix: lower-case letters, digits and hyphens, starting with a letter. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,27}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An SQS queue name: up to 80 letters, digits, hyphens and underscores (a FIFO queue's ending in `.fifo`). */
export const SQS_QUEUE_NAME_PATTERN = /^(?=.{1,80}$)[A-Za-z0-9_-]+(\.fifo)?$/;
/** A custom CloudWatch namespace: up to 255 printable ASCII characters, not blank, not AWS's own `AWS/…`. */
export const CLOUDWATCH_NAMESPACE_PATTERN = /^(?!AWS\/)(?=.*\S)[\x20-\x7E]{1,255}$/;
/** A CloudWatch metric name: up to 255 printable ASCII characters, not blank. */
export const METRIC_NAME_PATTERN = /^(?=.*\S)[\x20-\x7E]{1,255}$/;
