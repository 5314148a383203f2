import { arrayReply, defineScript, integerReply, stringReply } from "@ticketing/redis-script";
import claim from "./lua/claim.lua";
import configure from "./lua/configure.lua";
import info from "./lua/info.lua";
import join from "./lua/join.lua";
import remove from "./lua/remove.lua";
import room from "./lua/room.lua";
import settle from "./lua/settle.lua";
import snapshot from "./lua/snapshot.lua";
import status from "./lua/status.lua";
import tick from "./lua/tick.lua";
import { OUTCOMES, type SettlementOutcome } from "./settlement.js";
import type { RoomInfo } from "./room-info.js";
import type { TickResult } from "./tick-result.js";

/** A ticket as a script describes it (room.lua's `describe`), parsed. */
export interface TicketRow {
  readonly state: "w" | "a" | "x" | "s";
  /** The place in line: the ticket's score in the queue. */
  readonly seq: number;
  readonly joinedAt: number;
  /** The admission token's expiry (epoch ms), once admitted. */
  readonly deadline: number | null;
  /** How a settled ticket ended (state `s` only). */
  readonly outcome: SettlementOutcome | null;
  /** 0-based rank among the waiting, or -1 when not waiting. */
  readonly rank: number;
  readonly admittedTotal: number;
  readonly opened: boolean;
  readonly soldOut: boolean;
  /** Admissions per second measured over the last half minute; null before there is a measure. */
  readonly measuredRate: number | null;
  readonly opensAt: number;
  readonly admitPerSecond: number;
  readonly admitFrom: number;
}

export type RoomReply<T> =
  { readonly kind: "ok"; readonly created: boolean; readonly value: T } | { readonly kind: "no-room" };

const STATES = new Set(["w", "a", "x", "s"]);

function num(raw: unknown): number {
  const value = typeof raw === "number" ? raw : Number(stringReply(raw));
  if (!Number.isFinite(value)) throw new TypeError(`expected a number, got ${JSON.stringify(raw)}`);
  return value;
}

function optionalNum(raw: unknown): number | null {
  return raw === "" ? null : num(raw);
}

/** The 13 fields of room.lua's `describe`. */
function ticketRow(fields: readonly string[]): TicketRow {
  if (fields.length !== 13) throw new TypeError(`expected 13 ticket fields, got ${fields.length}`);
  const state = fields[0]!;
  if (!STATES.has(state)) throw new TypeError(`unknown ticket state ${JSON.stringify(state)}`);
  return {
    state: state as TicketRow["state"],
    seq: num(fields[1]),
    joinedAt: optionalNum(fields[2]) ?? 0,
    deadline: optionalNum(fields[3]),
    outcome: state === "s" ? settlementOutcome(fields[4]) : null,
    rank: num(fields[5]),
    admittedTotal: num(fields[6]),
    opened: fields[7] === "1",
    soldOut: fields[8] === "1",
    measuredRate: optionalNum(fields[9]),
    opensAt: num(fields[10]),
    admitPerSecond: num(fields[11]),
    admitFrom: num(fields[12]),
  };
}

export type JoinReply = RoomReply<TicketRow> | { readonly kind: "limit"; readonly retryAfterMs: number };
export type StatusReply = RoomReply<TicketRow> | { readonly kind: "no-ticket" };

/** `ok|<created>|<ticket>`, or another kind with its detail (parsed by the caller). */
function ticketReply(raw: unknown): { kind: string; ok?: RoomReply<TicketRow>; detail: string | undefined } {
  const [kind, detail, ...fields] = stringReply(raw).split("|");
  if (kind !== "ok") return { kind: kind!, detail };
  return { kind, ok: { kind, created: detail === "1", value: ticketRow(fields) }, detail };
}

function joinReply(raw: unknown): JoinReply {
  const { kind, ok, detail } = ticketReply(raw);
  if (ok) return ok;
  if (kind === "no-room") return { kind };
  if (kind === "limit") return { kind, retryAfterMs: Math.max(0, num(detail)) };
  throw new TypeError(`unknown reply ${JSON.stringify(kind)}`);
}

function statusReply(raw: unknown): StatusReply {
  const { kind, ok } = ticketReply(raw);
  if (ok) return ok;
  if (kind === "no-room" || kind === "no-ticket") return { kind };
  throw new TypeError(`unknown reply ${JSON.stringify(kind)}`);
}

/** One admission step, parsed (the room adds the event and the time). */
export type TickRow = Omit<TickResult, "eventId" | "at">;

function tickReply(raw: unknown): TickRow | null {
  const reply = arrayReply(raw);
  if (stringReply(reply[0]) === "no-room") return null;
  if (reply.length !== 12) throw new TypeError(`expected 12 fields, got ${reply.length}`);
  return {
    admitted: arrayReply(reply[1]).map(stringReply),
    expired: integerReply(reply[2]),
    waiting: integerReply(reply[3]),
    undecided: integerReply(reply[4]),
    seats: integerReply(reply[5]),
    soldOut: integerReply(reply[6]) === 1,
    admittedTotal: num(reply[7]),
    opened: integerReply(reply[8]) === 1,
    measuredRate: optionalNum(reply[9]),
    admitPerSecond: num(reply[10]),
    admissionsFrom: num(reply[11]),
  };
}

export type ConfigureReply =
  { readonly kind: "ok"; readonly created: boolean } | { readonly kind: "opened"; readonly opensAt: number };

function configureReply(raw: unknown): ConfigureReply {
  const [kind, detail] = arrayReply(raw);
  if (kind === "ok") return { kind, created: integerReply(detail) === 1 };
  if (kind === "opened") return { kind, opensAt: num(detail) };
  throw new TypeError(`unknown reply ${JSON.stringify(kind)}`);
}

export type ClaimReply =
  { readonly kind: "ok" } | { readonly kind: "used"; readonly outcome: SettlementOutcome };

function claimReply(raw: unknown): ClaimReply {
  const [kind, outcome] = arrayReply(raw);
  if (kind === "ok") return { kind };
  if (kind === "used") return { kind, outcome: settlementOutcome(outcome) };
  throw new TypeError(`unknown reply ${JSON.stringify(kind)}`);
}

export type SettleReply =
  { readonly kind: "ok" | "settled"; readonly outcome: SettlementOutcome } | { readonly kind: "waiting" };

function settleReply(raw: unknown): SettleReply {
  const [kind, outcome] = arrayReply(raw);
  if (kind === "ok" || kind === "settled") return { kind, outcome: settlementOutcome(outcome) };
  if (kind === "waiting") return { kind };
  throw new TypeError(`unknown reply ${JSON.stringify(kind)}`);
}

function settlementOutcome(raw: unknown): SettlementOutcome {
  const outcome = stringReply(raw);
  if (!OUTCOMES.has(outcome)) throw new TypeError(`unknown outcome ${JSON.stringify(outcome)}`);
  return outcome as SettlementOutcome;
}

function infoReply(raw: unknown): Omit<RoomInfo, "eventId"> | null {
  const reply = arrayReply(raw);
  if (reply[0] === "no-room") return null;
  if (reply.length !== 12) throw new TypeError(`expected 12 fields, got ${reply.length}`);
  const opensAt = num(reply[1]);
  return {
    opensAt,
    admitPerSecond: num(reply[2]),
    burst: num(reply[3]),
    overbooking: num(reply[4]),
    admissionsFrom: Math.max(opensAt, num(reply[5])),
    opened: num(reply[6]) === 1,
    soldOut: num(reply[7]) === 1,
    admittedTotal: num(reply[8]),
    measuredRate: optionalNum(reply[9]),
    waiting: integerReply(reply[10]),
    undecided: integerReply(reply[11]),
  };
}

const withRoom = (source: string) => `${room}\n${source}`;
const ROOM_KEYS = ["room", "queue", "tickets", "undecided", "samples"] as const;

export const scripts = {
  configure: defineScript({
    name: "waiting-room:configure",
    source: withRoom(configure),
    keys: ["room"],
    reply: configureReply,
  }),
  join: defineScript({
    name: "waiting-room:join",
    source: withRoom(join),
    keys: ["room", "queue", "tickets", "ip"],
    reply: joinReply,
  }),
  status: defineScript({
    name: "waiting-room:status",
    source: withRoom(status),
    keys: ["room", "queue", "tickets"],
    reply: statusReply,
  }),
  snapshot: defineScript({
    name: "waiting-room:snapshot",
    source: snapshot,
    keys: ["room"],
    reply: (raw: unknown) => {
      const [exists, taken] = arrayReply(raw);
      return { exists: integerReply(exists) === 1, seatsTaken: num(taken) };
    },
  }),
  tick: defineScript({
    name: "waiting-room:tick",
    source: withRoom(tick),
    keys: ROOM_KEYS,
    reply: tickReply,
  }),
  claim: defineScript({
    name: "waiting-room:claim",
    source: withRoom(claim),
    keys: ["tickets", "undecided", "queue", "room"],
    reply: claimReply,
  }),
  settle: defineScript({
    name: "waiting-room:settle",
    source: withRoom(settle),
    keys: ["tickets", "undecided", "room"],
    reply: settleReply,
  }),
  info: defineScript({
    name: "waiting-room:info",
    source: info,
    keys: ["room", "queue", "undecided"],
    reply: infoReply,
  }),
  remove: defineScript({ name: "waiting-room:remove", source: remove, keys: ROOM_KEYS, reply: integerReply }),
} as const;
