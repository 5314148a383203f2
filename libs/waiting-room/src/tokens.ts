import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { AdmissionTokenError, type AdmissionTokenErrorCode } from "./errors.js";

/** The `iss` of every admission token. */
export const ADMISSION_ISSUER = "@ticketing/waiting-room";
/** The `aud` of every admission token: a reservation endpoint accepts it, nothing else should. */
export const ADMISSION_AUDIENCE = "reservation";
const ADMISSION_TYPE = "admission+jwt";
const MAX_TOKEN_LENGTH = 2048;

/** What a valid admission token says. */
export interface AdmissionClaims {
  readonly eventId: string;
  readonly identity: string;
  /** The ticket's place in line, which the token was issued for. */
  readonly seq: number;
  /** When the token stops being accepted, in epoch ms (its `exp`). */
  readonly expiresAt: number;
}

/**
 * Signs and checks admission tokens (HS256 JWTs) and ticket receipts (HMAC-SHA256), each under its own key derived
 * from the room's secret, so that neither can pass for the other nor for a token another service signs with the same
 * secret.
 */
export class RoomTokens {
  readonly #admissionKey: KeyObject;
  // KeyObjects, not bytes: node:crypto imports raw key bytes again on every createHmac (about 4x the HMAC's cost).
  readonly #receiptKey: KeyObject;

  constructor(secret: Uint8Array) {
    this.#admissionKey = createSecretKey(derive(secret, "admission"));
    this.#receiptKey = createSecretKey(derive(secret, "receipt"));
  }

  /** The same claims always give the same token, so a buyer who polls sees one token. */
  signAdmission(claims: AdmissionClaims): Promise<string> {
    return new SignJWT({ evt: claims.eventId, seq: claims.seq })
      .setProtectedHeader({ alg: "HS256", typ: ADMISSION_TYPE })
      .setIssuer(ADMISSION_ISSUER)
      .setAudience(ADMISSION_AUDIENCE)
      .setSubject(claims.identity)
      .setExpirationTime(Math.floor(claims.expiresAt / 1000))
      .sign(this.#admissionKey);
  }

  /** Checks signature, `exp` (against `now`), identity and event; throws AdmissionTokenError. */
  async verifyAdmission(
    token: unknown,
    expected: { eventId: string; identity: string },
    now: number,
  ): Promise<AdmissionClaims> {
    const refuse = (code: AdmissionTokenErrorCode, cause?: unknown) =>
      new AdmissionTokenError(code, expected.eventId, expected.identity, { cause });
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      throw refuse("E_TOKEN_INVALID");
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.#admissionKey, {
        algorithms: ["HS256"],
        typ: ADMISSION_TYPE,
        issuer: ADMISSION_ISSUER,
        audience: ADMISSION_AUDIENCE,
        requiredClaims: ["sub", "exp", "evt", "seq"],
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw refuse(error instanceof joseErrors.JWTExpired ? "E_TOKEN_EXPIRED" : "E_TOKEN_INVALID", error);
    }
    const { sub, evt, seq, exp } = payload;
    if (
      typeof evt !== "string" ||
      typeof seq !== "number" ||
      !Number.isSafeInteger(seq) ||
      typeof exp !== "number"
    )
      throw refuse("E_TOKEN_INVALID");
    if (evt !== expected.eventId) throw refuse("E_TOKEN_WRONG_EVENT");
    if (sub !== expected.identity) throw refuse("E_TOKEN_WRONG_USER");
    return { eventId: evt, identity: sub, seq, expiresAt: exp * 1000 };
  }

  /** A receipt: the client's signed copy of its place in line (`seq`) and when it joined. */
  signReceipt(eventId: string, identity: string, seq: number, joinedAt: number): string {
    return `r1.${seq}.${joinedAt}.${this.#mac(eventId, identity, seq, joinedAt)}`;
  }

  /** The place a receipt was signed for, or null when it is not one this room signed for that event and identity. */
  readReceipt(receipt: unknown, eventId: string, identity: string): { seq: number; joinedAt: number } | null {
    if (typeof receipt !== "string" || receipt.length > 128) return null;
    const match = /^r1\.(-?\d{1,16})\.(\d{1,16})\.([A-Za-z0-9_-]{22})$/.exec(receipt);
    if (!match) return null;
    const seq = Number(match[1]);
    const joinedAt = Number(match[2]);
    if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(joinedAt)) return null;
    const expected = Buffer.from(this.#mac(eventId, identity, seq, joinedAt));
    const given = Buffer.from(match[3]!);
    return timingSafeEqual(expected, given) ? { seq, joinedAt } : null;
  }

  #mac(eventId: string, identity: string, seq: number, joinedAt: number): string {
    return createHmac("sha256", this.#receiptKey)
      .update(`${eventId}\n${identity}\n${seq}\n${joinedAt}`)
      .digest()
      .subarray(0, 16)
      .toString("base64url");
  }
}

function derive(secret: Uint8Array, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`@ticketing/waiting-room ${purpose}`).digest();
}
