import { z } from "zod";
import { DEV_SIGN_IN_PATH, devSignInPathItem } from "./auth/dev-sign-in.js";
import { PROBLEM_TYPES, problemTypeUri } from "./errors.js";
import {
  componentSchemas,
  IdempotencyKeySchema,
  IdSchema,
  ListEventsQuerySchema,
  UserIdSchema,
} from "./schemas.js";

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ "application/json": { schema: ref(id) } });
const readiness = {
  "200": { description: "Up", content: json("Health") },
  "503": {
    description: "A required dependency is down, or the instance is shutting down",
    content: json("Health"),
  },
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const paramSchema = (schema: z.ZodType): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Json;
  return rest;
};

const bearer = [{ bearer: [] }];
const rateLimited = problem("Rate limit exceeded; see the Retry-After header");
const unauthenticated = problem("Missing, malformed, forged or expired token");
const noTicket = problem(
  "No such event, no waiting room (no-waiting-room), or you have not joined (ticket-not-found)",
);
const redisUnavailable = problem("Redis unavailable; retry");
/** The refusals the ticket's GET and DELETE share. */
const ticketProblems = {
  "400": problem("The id is not a UUID"),
  "401": unauthenticated,
  "404": noTicket,
  "429": rateLimited,
  "503": redisUnavailable,
};

/** The OpenAPI 3.1 document, generated from the zod schemas that validate requests. */
export function buildOpenApi(options: {
  createReservationSchema: z.ZodType;
  version?: string;
  /** Lists POST /api/dev/sign-in (only where it is mounted). @default false */
  devSignIn?: boolean;
}): Json {
  const entries = componentSchemas(options.createReservationSchema);
  const registry = z.registry<{ id: string; description: string }>();
  for (const [schema, id, description] of entries) registry.add(schema, { id, description });
  const generated = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
    io: "input",
  }) as { schemas: Record<string, Json> };
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );

  const idParam = (description: string) => ({
    name: "id",
    in: "path",
    required: true,
    description,
    schema: paramSchema(IdSchema),
  });

  return {
    openapi: "3.1.0",
    info: {
      title: "Ticketing API",
      version: options.version ?? "0.1.0",
      description:
        "Events and seat reservations. All ids are strings: events and reservations use UUIDv7 (time-ordered), " +
        "users are the `sub` claim of the caller's JWT. Errors are RFC 9457 problem details " +
        "(`application/problem+json`); each `type` is an anchor on /api/docs.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "HS256 (JWT_SECRET) or RS256/ES256 (JWKS_URL). Claims: sub, role (user|admin), exp.",
        },
      },
    },
    paths: {
      "/api/health": {
        get: {
          operationId: "health",
          summary: "Readiness of this instance (same as /api/health/ready)",
          responses: readiness,
        },
      },
      "/api/health/live": {
        get: {
          operationId: "liveness",
          summary: "Liveness of this process: what a load balancer's health check probes",
          description: "Touches neither the database nor Redis, so their outages never fail it.",
          responses: {
            "200": { description: "Serving", content: json("Liveness") },
            "503": { description: "Shutting down", content: json("Liveness") },
          },
        },
      },
      "/api/health/ready": {
        get: {
          operationId: "readiness",
          summary: "Readiness of this instance: the database and Redis answer",
          responses: readiness,
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "This document",
          responses: { "200": { description: "OpenAPI 3.1 document", content: { "application/json": {} } } },
        },
      },
      "/api/docs": {
        get: {
          operationId: "docs",
          summary: "Human-readable API documentation",
          responses: { "200": { description: "HTML page", content: { "text/html": {} } } },
        },
      },
      "/api/events": {
        get: {
          operationId: "listEvents",
          summary: "Upcoming events, soonest first",
          parameters: Object.entries(ListEventsQuerySchema.shape).map(([name, schema]) => ({
            name,
            in: "query",
            required: false,
            description: schema.description,
            schema: paramSchema(schema),
          })),
          responses: {
            "200": { description: "A page of events", content: json("EventPage") },
            "400": problem("Bad paging parameters"),
            "429": rateLimited,
          },
        },
        post: {
          operationId: "createEvent",
          summary: "Create an event (admin)",
          security: bearer,
          requestBody: { required: true, content: json("CreateEvent") },
          responses: {
            "201": {
              description: "Created",
              headers: { Location: { schema: { type: "string" }, description: "/api/events/{id}" } },
              content: json("Event"),
            },
            "400": problem("Invalid body"),
            "401": unauthenticated,
            "403": problem("Not an admin"),
            "413": problem("Body over 16 kB"),
            "415": problem("Not application/json"),
            "429": rateLimited,
            "503": problem(
              "Database or Redis unavailable; if the detail says the event was created without its waiting room, PUT the settings to /api/events/{id}/waiting-room",
            ),
          },
        },
      },
      "/api/events/{id}": {
        get: {
          operationId: "getEvent",
          summary: "One event with its seat counts: available, held and confirmed (one consistent read)",
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": { description: "The event", content: json("EventDetail") },
            "400": problem("The id is not a UUID"),
            "404": problem("No such event"),
            "429": rateLimited,
          },
        },
      },
      "/api/reservations": {
        post: {
          operationId: "reserve",
          summary: "Reserve seats for the caller",
          security: bearer,
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: IdempotencyKeySchema.description,
              schema: paramSchema(IdempotencyKeySchema),
            },
          ],
          description:
            "For an event with a waiting room, send `admissionToken` (your ticket's `admission.token`): without it the answer is not-admitted (403); a token that expired is admission-expired (403), one of another user or event admission-mismatch (403), one already used admission-used (409). A reservation made settles the admission (the slot goes to the next buyer); sold out or event past settle it as refused; other refusals leave it valid until it expires, so you can retry (a smaller quantity, or after Retry-After for seats-held).",
          requestBody: { required: true, content: json("CreateReservation") },
          responses: {
            "201": {
              description:
                "Reserved: CONFIRMED, or HELD until expiresAt when the event has holdSeconds (then confirm)",
              headers: { Location: { schema: { type: "string" }, description: "/api/reservations/{id}" } },
              content: json("Reservation"),
            },
            "200": {
              description:
                "Replay of an earlier request with the same Idempotency-Key, in its current status",
              content: json("Reservation"),
            },
            "400": problem("Invalid body or header"),
            "401": unauthenticated,
            "403": problem(
              "userId in the body is not the caller (forbidden); no admission token for an event with a waiting room (not-admitted), an admission that expired (admission-expired) or that belongs to another user or event (admission-mismatch)",
            ),
            "404": problem("No such event"),
            "409": problem(
              "Sold out (sold-out), fewer seats left than asked (insufficient-seats), the seats left are held by buyers who may not pay (seats-held, with Retry-After: when the first hold expires), per-user limit (per-user-limit), event past (event-past), admission already used (admission-used)",
            ),
            "413": problem("Body over 16 kB"),
            "415": problem("Not application/json"),
            "422": problem("Idempotency-Key reused with a different request"),
            "429": rateLimited,
            "503": problem("Database or Redis unavailable; retry"),
          },
        },
      },
      "/api/reservations/user/{userId}": {
        get: {
          operationId: "listReservationsOfUser",
          summary: "A user's reservations, newest first (that user or an admin)",
          security: bearer,
          parameters: [
            {
              name: "userId",
              in: "path",
              required: true,
              description: UserIdSchema.description,
              schema: paramSchema(UserIdSchema),
            },
          ],
          responses: {
            "200": { description: "Reservations", content: json("ReservationList") },
            "400": problem("Bad user id"),
            "401": unauthenticated,
            "403": problem("Another user's reservations"),
            "429": rateLimited,
          },
        },
      },
      "/api/reservations/{id}": {
        get: {
          operationId: "getReservation",
          summary: "One reservation in its current status (its owner or an admin)",
          security: bearer,
          parameters: [idParam("reservation id (UUIDv7)")],
          responses: {
            "200": { description: "The reservation", content: json("Reservation") },
            "400": problem("The id is not a UUID"),
            "401": unauthenticated,
            "403": problem("Another user's reservation"),
            "404": problem("No such reservation"),
            "429": rateLimited,
          },
        },
        delete: {
          operationId: "cancelReservation",
          summary:
            "Cancel a reservation, HELD or CONFIRMED (its owner or an admin); its seats return to sale; cancelling a cancelled or expired one returns it unchanged",
          security: bearer,
          parameters: [idParam("reservation id (UUIDv7)")],
          responses: {
            "200": { description: "The cancelled reservation", content: json("Reservation") },
            "400": problem("The id is not a UUID"),
            "401": unauthenticated,
            "403": problem("Another user's reservation"),
            "404": problem("No such reservation"),
            "429": rateLimited,
          },
        },
      },
      "/api/reservations/{id}/confirm": {
        post: {
          operationId: "confirmReservation",
          summary:
            "Confirm (pay) a hold before its expiresAt: HELD becomes CONFIRMED (its owner or an admin)",
          description:
            "Idempotent: confirming again with the same paymentReference returns the confirmed reservation.",
          security: bearer,
          parameters: [idParam("reservation id (UUIDv7)")],
          requestBody: { required: true, content: json("Confirm") },
          responses: {
            "200": {
              description: "Confirmed (or the replay of a confirmation)",
              content: json("Reservation"),
            },
            "400": problem("Invalid body or id"),
            "401": unauthenticated,
            "403": problem("Another user's reservation"),
            "404": problem("No such reservation"),
            "409": problem(
              "The hold expired and its seats went back on sale (hold-expired), it was confirmed with another paymentReference (already-confirmed), it was confirmed when made (not-a-hold), or it is cancelled (reservation-cancelled)",
            ),
            "413": problem("Body over 16 kB"),
            "415": problem("Not application/json"),
            "429": rateLimited,
            "503": problem("Database or Redis unavailable; retry with the same paymentReference"),
          },
        },
      },
      "/api/events/{id}/waiting-room": {
        put: {
          operationId: "configureWaitingRoom",
          summary:
            "Put an event's sale behind a waiting room, or change its admission rate and overbooking (admin); opensAt may move until the room opens",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          requestBody: { required: true, content: json("WaitingRoomSettings") },
          responses: {
            "200": { description: "The settings in force", content: json("WaitingRoomSettings") },
            "400": problem("Invalid body or id"),
            "401": unauthenticated,
            "403": problem("Not an admin"),
            "404": problem("No such event"),
            "413": problem("Body over 16 kB"),
            "415": problem("Not application/json"),
            "429": rateLimited,
            "409": problem("opensAt changed after the room opened (room-already-open)"),
            "503": redisUnavailable,
          },
        },
      },
      "/api/events/{id}/waiting-room/ticket": {
        post: {
          operationId: "joinWaitingRoom",
          summary:
            "Join the event's waiting room: your ticket (one per user and event: joining again returns it)",
          description:
            "The body is optional: send `receipt` from your last ticket to get your place back if the room lost it. New tickets are limited per client IP and event (the proxy-aware address).",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          requestBody: { required: false, content: json("Join") },
          responses: {
            "200": { description: "Your ticket, with pollAfterMs", content: json("Ticket") },
            "400": problem(
              "Invalid body or id (invalid-input), or a receipt this room did not sign for you (receipt-invalid)",
            ),
            "401": unauthenticated,
            "404": problem("No such event (event-not-found), or it has no waiting room (no-waiting-room)"),
            "415": problem("A body that is not application/json"),
            "429": problem(
              "Too many requests (rate-limited), or too many new tickets from your address (join-limit); see Retry-After",
            ),
            "503": redisUnavailable,
          },
        },
        get: {
          operationId: "getWaitingRoomTicket",
          summary:
            "Your ticket: status, position, buyers ahead, estimated wait, admission token once admitted",
          description:
            "The polling fallback of the stream: ask again after `pollAfterMs` (null: admitted or final, nothing changes by waiting).",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": { description: "Your ticket, with pollAfterMs", content: json("Ticket") },
            ...ticketProblems,
          },
        },
        delete: {
          operationId: "giveUpAdmission",
          summary: "Give up your admission: its slot goes to the next buyer in line now",
          description:
            "For an admitted ticket that you will not use: it ends as `abandoned` and its admission token is spent. A ticket that has already ended (reserved, refused, expired, abandoned) is answered as it is, so a repeat changes nothing.",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": { description: "Your ticket, ended", content: json("Ticket") },
            ...ticketProblems,
            "409": problem("Your ticket is still in line (still-waiting)"),
          },
        },
      },
      "/api/events/{id}/waiting-room/ticket/stream": {
        get: {
          operationId: "streamWaitingRoomTicket",
          summary:
            "Your ticket as Server-Sent Events: one `ticket` event now and one per change, until admitted or final",
          description:
            "Authenticate with the Authorization header, as every call: read it with fetch() and a stream reader (EventSource cannot send the header; tokens never go in URLs). Each message is `event: ticket` with the Ticket as JSON in `data` (no pollAfterMs); a comment line every 15 s keeps proxies from closing it; the response ends once the ticket is admitted or final, and when the server shuts down (reconnect, or fall back to GET). Errors before the first message are problem+json answers.",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": {
              description: "text/event-stream of `ticket` events",
              content: { "text/event-stream": {} },
            },
            "400": problem("The id is not a UUID"),
            "401": unauthenticated,
            "404": noTicket,
            "429": rateLimited,
            "503": redisUnavailable,
          },
        },
      },
      "/api/admin/events/{id}/live": {
        get: {
          operationId: "liveEvent",
          summary:
            "An opening as it happens (admin): seats sold, held and available, the waiting room, and the reservation traffic of the whole fleet",
          description:
            "Seats are one consistent database read; the waiting room's figures come from Redis; traffic sums every instance's POST /api/reservations answers for this event over the last complete seconds (per-second buckets in Redis; embedded: the one process). Poll it every second or two.",
          security: bearer,
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": { description: "The live figures", content: json("LiveEvent") },
            "400": problem("The id is not a UUID"),
            "401": unauthenticated,
            "403": problem("Not an admin"),
            "404": problem("No such event"),
            "429": rateLimited,
            "503": problem("Database or Redis unavailable; retry"),
          },
        },
      },
      ...(options.devSignIn ? { [DEV_SIGN_IN_PATH]: devSignInPathItem() } : {}),
    },
    "x-problem-types": [...PROBLEM_TYPES.values()].map((type) => ({
      type: problemTypeUri(type),
      code: type.code,
      status: type.status,
      title: type.title,
    })),
  };
}
