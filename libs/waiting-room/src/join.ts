import { randomInt } from "node:crypto";
import { JoinLimitError, ReceiptError, RoomNotFoundError } from "./errors.js";
import { ipKey, roomKeys } from "./keys.js";
import type { ResolvedOptions } from "./options.js";
import { scripts, type TicketRow } from "./scripts.js";
import type { RoomTokens } from "./tokens.js";
import { checkEventId, checkIdentity, checkIp } from "./validate.js";

export interface JoinOptions {
  /** The buyer's IP address, for the per-IP limit on new tickets (`joinsPerIp`). Without it no limit applies. */
  readonly ip?: string;
  /** The receipt of a ticket Redis lost (see `Ticket.receipt`): the ticket comes back with its place in line. */
  readonly receipt?: string;
}

/** The pre-queue's draws: uniform integers below 2^48 (the script places them below zero). */
const DRAW_RANGE = 2 ** 48 - 1;

/**
 * The identity's ticket, new or existing, as the script describes it, the time the join was made at, and whether the
 * join put the ticket in line (`created`).
 */
export async function joinRoom(
  options: ResolvedOptions,
  tokens: RoomTokens,
  eventId: string,
  identity: string,
  joinOptions: JoinOptions,
): Promise<{ row: TicketRow; now: number; created: boolean }> {
  checkEventId(eventId);
  checkIdentity(identity);
  const ip = joinOptions.ip === undefined ? "" : checkIp(joinOptions.ip);
  let restored: { seq: number; joinedAt: number } | null = null;
  if (joinOptions.receipt !== undefined) {
    restored = tokens.readReceipt(joinOptions.receipt, eventId, identity);
    if (!restored) throw new ReceiptError(eventId, identity);
  }
  const limit = ip === "" ? false : options.joinsPerIp;
  const keys = roomKeys(options.prefix, eventId);
  const now = options.clock();
  const reply = await scripts.join.run(
    options.redis,
    [keys.room, keys.queue, keys.tickets, ipKey(options.prefix, eventId, ip)],
    [
      identity,
      now,
      randomInt(DRAW_RANGE),
      restored?.seq ?? "",
      restored?.joinedAt ?? "",
      limit ? limit.limit : 0,
      limit ? limit.windowMs : 0,
    ],
  );
  if (reply.kind === "no-room") throw new RoomNotFoundError(eventId);
  if (reply.kind === "limit")
    throw new JoinLimitError(eventId, ip, limit ? limit.limit : 0, reply.retryAfterMs);
  return { row: reply.value, now, created: reply.created };
}
