import { WaitingRoomArgumentError } from "./errors.js";
import {
  WAITING_ROOM_DEFAULTS,
  type JoinLimitOptions,
  type RecoverOptions,
  type ResolvedOptions,
  type RoomSettings,
  type WaitingRoomOptions,
} from "./options.js";

/** Longest event id accepted. Event ids are letters, digits and `._:-` (a UUID fits). */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest identity accepted, in UTF-16 code units; any printable text (a user id, an e-mail hash). */
export const MAX_IDENTITY_LENGTH = 256;
/** Longest IP address text accepted. */
export const MAX_IP_LENGTH = 64;
/** Shortest secret accepted, in bytes. */
export const MIN_SECRET_BYTES = 32;
/** Largest `overbooking` a room accepts (admitted-but-undecided buyers per obtainable seat); the least is 1. */
export const MAX_OVERBOOKING = 100;

const EVENT_ID = /^[A-Za-z0-9._:-]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_MS = 2_147_483_647;
/** Latest opening time accepted: places after it are µs since 1970, which must stay exact doubles (below 2^53). */
const MAX_OPENS_AT = 8_000_000_000_000;

export function checkEventId(value: unknown, field = "eventId"): string {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > MAX_EVENT_ID_LENGTH ||
    !EVENT_ID.test(value)
  )
    throw new WaitingRoomArgumentError(
      field,
      value,
      `1 to ${MAX_EVENT_ID_LENGTH} letters, digits or . _ : - characters`,
    );
  return value;
}

export function checkIdentity(value: unknown, field = "identity"): string {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > MAX_IDENTITY_LENGTH ||
    CONTROL.test(value)
  )
    throw new WaitingRoomArgumentError(
      field,
      value,
      `a string of 1 to ${MAX_IDENTITY_LENGTH} characters without control characters`,
    );
  return value;
}

export function checkIp(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_IP_LENGTH || /\s/.test(value))
    throw new WaitingRoomArgumentError(
      "ip",
      value,
      `a string of 1 to ${MAX_IP_LENGTH} characters without spaces`,
    );
  return value;
}

export function checkText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== "string" || value.length === 0 || value.length > maxLength)
    throw new WaitingRoomArgumentError(field, value, `a non-empty string of at most ${maxLength} characters`);
  return value;
}

export function checkSeats(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)
    throw new WaitingRoomArgumentError(field, value, "a whole number of seats >= 1");
  return value;
}

function checkMs(value: unknown, field: string, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_MS)
    throw new WaitingRoomArgumentError(field, value, `a whole number of ms between ${min} and ${MAX_MS}`);
  return value;
}

function checkPositive(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new WaitingRoomArgumentError(field, value, "a finite number > 0");
  return value;
}

function checkCount(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)
    throw new WaitingRoomArgumentError(field, value, "an integer >= 1");
  return value;
}

/** Most buyers one step may admit: the script passes them to one Redis call (Lua's stack bounds its arguments). */
const MAX_PER_TICK = 2_000;

function checkMaxPerTick(value: unknown): number {
  const count = checkCount(value, "maxPerTick");
  if (count > MAX_PER_TICK)
    throw new WaitingRoomArgumentError("maxPerTick", value, `an integer between 1 and ${MAX_PER_TICK}`);
  return count;
}

function checkSecret(value: unknown): Uint8Array {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < MIN_SECRET_BYTES)
    throw new WaitingRoomArgumentError(
      "secret",
      typeof value === "string" ? `<${bytes instanceof Uint8Array ? bytes.byteLength : 0} bytes>` : value,
      `a string or Uint8Array of at least ${MIN_SECRET_BYTES} bytes`,
    );
  return Uint8Array.from(bytes);
}

function checkJoinLimit(value: unknown): JoinLimitOptions | false {
  if (value === false) return false;
  if (typeof value !== "object" || value === null)
    throw new WaitingRoomArgumentError("joinsPerIp", value, "{ limit, windowMs } or false");
  const { limit, windowMs } = value as JoinLimitOptions;
  return {
    limit: checkCount(limit, "joinsPerIp.limit"),
    windowMs: checkMs(windowMs, "joinsPerIp.windowMs", 1),
  };
}

function isClient(value: unknown): boolean {
  const client = value as { evalSha?: unknown; eval?: unknown } | null;
  return typeof client?.evalSha === "function" && typeof client.eval === "function";
}

export function resolveOptions(options: WaitingRoomOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null)
    throw new WaitingRoomArgumentError("options", options, "an object");
  if (!isClient(options.redis))
    throw new WaitingRoomArgumentError("redis", options.redis, "a Redis client with evalSha and eval");
  if (typeof options.inventory !== "function")
    throw new WaitingRoomArgumentError("inventory", options.inventory, "a function (eventId) => seats");
  const prefix = options.prefix ?? WAITING_ROOM_DEFAULTS.prefix;
  if (typeof prefix !== "string" || prefix.length > 64 || /[{}]/.test(prefix))
    throw new WaitingRoomArgumentError("prefix", prefix, "a string of at most 64 characters without { or }");
  const clock = options.clock ?? Date.now;
  if (typeof clock !== "function")
    throw new WaitingRoomArgumentError("clock", clock, "a function returning ms");
  return {
    redis: options.redis,
    secret: checkSecret(options.secret),
    inventory: options.inventory,
    prefix,
    admissionTtlMs: checkMs(
      options.admissionTtlMs ?? WAITING_ROOM_DEFAULTS.admissionTtlMs,
      "admissionTtlMs",
      1_000,
    ),
    settleGraceMs: checkMs(options.settleGraceMs ?? WAITING_ROOM_DEFAULTS.settleGraceMs, "settleGraceMs", 0),
    joinsPerIp: checkJoinLimit(options.joinsPerIp ?? WAITING_ROOM_DEFAULTS.joinsPerIp),
    tickMs: checkMs(options.tickMs ?? WAITING_ROOM_DEFAULTS.tickMs, "tickMs", 0),
    maxPerTick: checkMaxPerTick(options.maxPerTick ?? WAITING_ROOM_DEFAULTS.maxPerTick),
    clock,
  };
}

/** Settings as stored: epoch ms and numbers, every default applied. */
export interface ResolvedSettings {
  readonly opensAt: number;
  readonly admitPerSecond: number;
  readonly overbooking: number;
  readonly burst: number;
}

export function resolveSettings(settings: RoomSettings): ResolvedSettings {
  if (typeof settings !== "object" || settings === null)
    throw new WaitingRoomArgumentError("settings", settings, "an object");
  const raw = settings.opensAt;
  const opensAt = raw instanceof Date ? raw.getTime() : raw;
  if (typeof opensAt !== "number" || !Number.isSafeInteger(opensAt) || opensAt < 1 || opensAt > MAX_OPENS_AT)
    throw new WaitingRoomArgumentError("settings.opensAt", raw, "a valid Date or epoch ms before year 2223");
  const admitPerSecond = checkPositive(settings.admitPerSecond, "settings.admitPerSecond");
  const overbooking = settings.overbooking ?? WAITING_ROOM_DEFAULTS.overbooking;
  if (
    typeof overbooking !== "number" ||
    !Number.isFinite(overbooking) ||
    overbooking < 1 ||
    overbooking > MAX_OVERBOOKING
  )
    throw new WaitingRoomArgumentError(
      "settings.overbooking",
      overbooking,
      `a number between 1 and ${MAX_OVERBOOKING}`,
    );
  const burst = settings.burst ?? Math.max(1, admitPerSecond);
  if (typeof burst !== "number" || !Number.isFinite(burst) || burst < 1)
    throw new WaitingRoomArgumentError("settings.burst", burst, "a number >= 1");
  return { opensAt, admitPerSecond, overbooking, burst };
}

export function resolvePauseMs(options: RecoverOptions | undefined, fallback: number): number {
  return checkMs(options?.pauseMs ?? fallback, "options.pauseMs", 0);
}
