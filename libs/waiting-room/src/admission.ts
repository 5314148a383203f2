import { AdmissionTokenError, NotAdmittedError, WaitingRoomArgumentError } from "./errors.js";
import { roomKeys } from "./keys.js";
import type { ResolvedOptions } from "./options.js";
import { scripts } from "./scripts.js";
import type { AdmissionClaims, RoomTokens } from "./tokens.js";
import { OUTCOMES, type SettleResult, type Settlement } from "./settlement.js";
import { checkEventId, checkIdentity, checkSeats } from "./validate.js";

/** A verified admission: the token's claims. Pass it to `settle` once the reservation is decided. */
export type Admission = AdmissionClaims;

/** Checks the token, then counts it as an undecided slot (again, if Redis lost it); refuses a settled one. */
export async function verifyAdmission(
  options: ResolvedOptions,
  tokens: RoomTokens,
  token: string,
  expected: { eventId: string; identity: string },
): Promise<Admission> {
  const eventId = checkEventId(expected?.eventId, "expected.eventId");
  const identity = checkIdentity(expected?.identity, "expected.identity");
  const claims = await tokens.verifyAdmission(token, { eventId, identity }, options.clock());
  const keys = roomKeys(options.prefix, eventId);
  const reply = await scripts.claim.run(
    options.redis,
    [keys.tickets, keys.undecided, keys.queue, keys.room],
    [identity, claims.seq, claims.expiresAt, options.settleGraceMs],
  );
  if (reply.kind === "used") throw new AdmissionTokenError("E_TOKEN_USED", eventId, identity);
  return claims;
}

/** Records the outcome (the first one stands) and frees the slot. */
export async function settleAdmission(
  options: ResolvedOptions,
  admission: Pick<Admission, "eventId" | "identity">,
  settlement: Settlement,
): Promise<SettleResult> {
  const eventId = checkEventId(admission?.eventId, "admission.eventId");
  const identity = checkIdentity(admission?.identity, "admission.identity");
  const outcome = settlement?.outcome;
  if (typeof outcome !== "string" || !OUTCOMES.has(outcome))
    throw new WaitingRoomArgumentError("settlement.outcome", outcome, `one of ${[...OUTCOMES].join(", ")}`);
  const seats = outcome === "reserved" ? checkSeats(settlement.seats, "settlement.seats") : 0;
  const keys = roomKeys(options.prefix, eventId);
  const reply = await scripts.settle.run(
    options.redis,
    [keys.tickets, keys.undecided, keys.room],
    [identity, outcome, seats],
  );
  if (reply.kind === "waiting") throw new NotAdmittedError(eventId, identity);
  return { outcome: reply.outcome, replayed: reply.kind === "settled" };
}
