import { ApiProblem, type ClientProblemCode } from "../api/problem";
import type { Language } from "./language";
import { translate, type MessageKey } from "./messages";

/**
 * Every problem code the API documents (`x-problem-types` of GET /api/openapi.json) plus the page's own; a test
 * compares this list with the running API's document, so a new refusal cannot ship without its sentences.
 */
export const PROBLEM_CODES = [
  "E_INVALID_INPUT",
  "E_MALFORMED_JSON",
  "E_UNAUTHENTICATED",
  "E_FORBIDDEN",
  "E_NOT_FOUND",
  "E_EVENT_NOT_FOUND",
  "E_RESERVATION_NOT_FOUND",
  "E_SOLD_OUT",
  "E_INSUFFICIENT_SEATS",
  "E_PER_USER_LIMIT",
  "E_EVENT_PAST",
  "E_SEATS_HELD",
  "E_HOLD_EXPIRED",
  "E_ALREADY_CONFIRMED",
  "E_NOT_A_HOLD",
  "E_RESERVATION_CANCELLED",
  "E_NOT_ADMITTED",
  "E_ADMISSION_EXPIRED",
  "E_ADMISSION_MISMATCH",
  "E_ADMISSION_USED",
  "E_ROOM_ALREADY_OPEN",
  "E_NO_WAITING_ROOM",
  "E_TICKET_NOT_FOUND",
  "E_STILL_WAITING",
  "E_RECEIPT_INVALID",
  "E_JOIN_LIMIT",
  "E_PAYLOAD_TOO_LARGE",
  "E_UNSUPPORTED_MEDIA_TYPE",
  "E_IDEMPOTENCY_CONFLICT",
  "E_RATE_LIMITED",
  "E_INTERNAL",
  "E_UNAVAILABLE",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

const isKnown = (code: string): code is ProblemCode | ClientProblemCode =>
  (PROBLEM_CODES as readonly string[]).includes(code) ||
  code === "E_NETWORK" ||
  code === "E_UNEXPECTED_RESPONSE";

/** The sentence a person reads for a refusal: by its code, else a generic one naming the status. */
export function describeProblem(language: Language, error: unknown): string {
  if (!(error instanceof ApiProblem)) return translate(language, "problem.E_INTERNAL");
  const key: MessageKey = isKnown(error.code) ? `problem.${error.code}` : "problem.E_UNEXPECTED_RESPONSE";
  return translate(language, key, { status: String(error.status) });
}
