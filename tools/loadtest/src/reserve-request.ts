import type { RawResponse } from "./raw-http.ts";
import { buildRequest } from "./raw-http.ts";
import type { Outcome } from "./outcome.ts";

/** The POST /api/reservations request of one client, serialised ahead of the barrier. */
export function reservationRequest(
  url: URL,
  input: { token: string; eventId: string; quantity: number; idempotencyKey?: string; forwardedFor?: string },
): Buffer {
  const headers: Record<string, string> = {
    authorization: `Bearer ${input.token}`,
    "content-type": "application/json",
    accept: "application/json",
  };
  if (input.idempotencyKey) headers["idempotency-key"] = input.idempotencyKey;
  if (input.forwardedFor) headers["x-forwarded-for"] = input.forwardedFor;
  return buildRequest(
    "POST",
    new URL("/api/reservations", url),
    headers,
    JSON.stringify({ eventId: input.eventId, quantity: input.quantity }),
  );
}

/** Reads the reservation id of a success, or the problem `type` of a refusal. */
export function readAnswer(status: number, body: string): Pick<Outcome, "reservationId" | "problemType"> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof json !== "object" || json === null) return {};
  const record = json as Record<string, unknown>;
  if ((status === 200 || status === 201) && record.id !== undefined)
    return { reservationId: String(record.id) };
  return typeof record.type === "string" ? { problemType: record.type } : {};
}

export function outcomeOf(
  userId: string,
  response: RawResponse,
  timing: { startedMs: number; latencyMs: number; attempts: number },
): Outcome {
  return { userId, status: response.status, ...timing, ...readAnswer(response.status, response.body) };
}
