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
          },
        },
      },
      "/api/events/{id}": {
        get: {
          operationId: "getEvent",
          summary: "One event with its available seats",
          parameters: [idParam("event id (UUIDv7)")],
          responses: {
            "200": { description: "The event", content: json("Event") },
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
          requestBody: { required: true, content: json("CreateReservation") },
          responses: {
            "201": { description: "Confirmed", content: json("Reservation") },
            "200": {
              description: "Replay of an earlier request with the same Idempotency-Key",
              content: json("Reservation"),
            },
            "400": problem("Invalid body or header"),
            "401": unauthenticated,
            "403": problem("userId in the body is not the caller"),
            "404": problem("No such event"),
            "409": problem(
              "Sold out (sold-out), fewer seats left than asked (insufficient-seats), per-user limit (per-user-limit), or event past (event-past)",
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
        delete: {
          operationId: "cancelReservation",
          summary: "Cancel a reservation (its owner or an admin); repeating returns the same result",
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
