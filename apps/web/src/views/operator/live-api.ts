import { ApiProblem, problemFrom } from "../../api/problem";
import type { EventView, NewEvent } from "../../api/types";

/** An event's waiting room as the API takes and returns it (`WaitingRoomSettings`). */
export interface WaitingRoomSettings {
  /** ISO 8601 with offset: when the sale opens. */
  opensAt: string;
  /** Most buyers admitted per second across the fleet. */
  admitPerSecond: number;
  /** Admitted buyers who have not reserved yet, per seat still obtainable. */
  overbooking: number;
}

/** `CreateEvent` with the seat-hold and waiting-room options. */
export interface NewEventWithOptions extends NewEvent {
  /** Seconds a buyer has to confirm; null: reservations are confirmed at once. */
  holdSeconds?: number | null;
  waitingRoom?: WaitingRoomSettings | null;
}

export interface CreatedEvent extends EventView {
  holdSeconds: number | null;
  waitingRoom: WaitingRoomSettings | null;
}

/** `GET /api/admin/events/{id}/live`: one event's opening as it happens (the API's `LiveEvent`). */
export interface LiveEvent {
  eventId: string;
  /** ISO 8601: when the API read these figures. */
  at: string;
  seats: {
    total: number;
    confirmed: number;
    held: number;
    available: number;
    nextHoldExpiresAt: string | null;
  };
  waitingRoom: {
    opensAt: string;
    opened: boolean;
    soldOut: boolean;
    /** Buyers in line. */
    waiting: number;
    /** Admitted buyers who have not reserved (or given up) yet. */
    admitted: number;
    admittedTotal: number;
    /** The cap. */
    admitPerSecond: number;
    /** Admissions per second measured over the last half minute. */
    admissionRate: number | null;
    overbooking: number;
  } | null;
  /** POST /api/reservations of this event over the last complete seconds, fleet-wide. */
  traffic: {
    scope: "fleet";
    windowSeconds: number;
    requestsPerSecond: number;
    reservationsPerSecond: number;
    /** 5xx answers over all answers; null without requests. */
    errorRate: number | null;
    refusalRate: number | null;
    p50Ms: number | null;
    p99Ms: number | null;
  };
}

/** A range the API accepts, read from its OpenAPI document. */
export interface Bounds {
  min: number;
  max: number;
}

/** What the event form checks before sending, as the API's own OpenAPI document states it (never repeated here). */
export interface EventLimits {
  eventNameMaxLength: number;
  totalSeats: Bounds;
  maxPerUser: Bounds;
  holdSeconds: Bounds;
  admitPerSecond: Bounds;
  overbooking: Bounds;
}

export interface OperatorApiOptions {
  /** The signed-in operator's bearer token, read at each call. */
  token: () => string | null;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * The operator's calls beyond the shared client: the live figures, events with holds and a waiting room, and the
 * form's limits. Each returns the answer or throws an {@link ApiProblem}.
 */
export function createOperatorApi(options: OperatorApiOptions) {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await doFetch(path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiProblem({ code: "E_NETWORK", status: 0, detail: String(error), cause: error });
    }
    if (!response.ok) throw await problemFrom(response);
    return (await response.json()) as T;
  }

  const id = encodeURIComponent;
  return {
    live: (eventId: string, signal?: AbortSignal) =>
      request<LiveEvent>("GET", `/api/admin/events/${id(eventId)}/live`, undefined, signal),
    createEvent: (event: NewEventWithOptions) => request<CreatedEvent>("POST", "/api/events", event),
    limits: async (signal?: AbortSignal) =>
      limitsFrom(await request<OpenApiDocument>("GET", "/api/openapi.json", undefined, signal)),
  };
}

export type OperatorApi = ReturnType<typeof createOperatorApi>;

type JsonSchema = Record<string, unknown>;

interface OpenApiDocument {
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Raised when the API's document lacks a limit the form needs: the form must not guess it. */
export class MissingLimitError extends Error {
  override readonly name = "MissingLimitError";
  readonly code = "E_MISSING_LIMIT";
  constructor(readonly path: string) {
    super(`the API's OpenAPI document has no limit at ${path}`);
  }
}

/** The form's limits from the `CreateEvent` and `WaitingRoomSettings` schemas of the API's OpenAPI document. */
export function limitsFrom(document: OpenApiDocument): EventLimits {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: unknown): JsonSchema[] => {
    if (!schema || typeof schema !== "object") return [];
    const node = schema as JsonSchema;
    if (typeof node.$ref === "string") return resolve(schemas[node.$ref.split("/").at(-1)!]);
    const alternatives = [node.anyOf, node.oneOf, node.allOf].flatMap((list) =>
      Array.isArray(list) ? list : [],
    );
    return [node, ...alternatives.flatMap(resolve)];
  };
  const property = (schema: string, name: string) =>
    resolve(schemas[schema]).flatMap((node) => resolve((node.properties as JsonSchema | undefined)?.[name]));
  const number = (schema: string, name: string, key: string): number => {
    const found = property(schema, name)
      .map((node) => node[key])
      .find((value) => typeof value === "number");
    if (typeof found !== "number") throw new MissingLimitError(`${schema}.${name}.${key}`);
    return found;
  };
  const bounds = (schema: string, name: string): Bounds => ({
    min: number(schema, name, "minimum"),
    max: number(schema, name, "maximum"),
  });
  return {
    eventNameMaxLength: number("CreateEvent", "eventName", "maxLength"),
    totalSeats: bounds("CreateEvent", "totalSeats"),
    maxPerUser: bounds("CreateEvent", "maxPerUser"),
    holdSeconds: bounds("CreateEvent", "holdSeconds"),
    admitPerSecond: bounds("WaitingRoomSettings", "admitPerSecond"),
    overbooking: bounds("WaitingRoomSettings", "overbooking"),
  };
}
