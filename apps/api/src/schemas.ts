import { z } from "zod";
import { RESERVATION_LIMITS as LIMITS } from "@ticketing/reservation";
import { isPrintable as printable } from "./text.js";

/** An event or reservation id; upper-case hex digits are accepted and stored ids are lower case. */
export const IdSchema = z
  .uuid({ message: "must be a UUID (ids are UUIDv7 strings)" })
  .toLowerCase()
  .describe("UUIDv7 string, time-ordered");

/** A user id: what a token's `sub` must be, and what the reservations of a user are listed by. */
export const UserIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.userIdMaxLength)
  .refine(printable, "must not contain control characters")
  .refine((value) => value.trim() === value, "must not start or end with whitespace")
  .describe("the user id: the `sub` claim of the caller's token");

export const EventSchema = z.strictObject({
  id: IdSchema,
  eventName: z.string(),
  totalSeats: z.int(),
  availableSeats: z.int(),
  eventDate: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
  maxPerUser: z.int().nullable().describe("most seats one user may hold for this event; null = no limit"),
});

export const EventPageSchema = z.strictObject({
  items: z.array(EventSchema),
  nextCursor: z.string().nullable().describe("pass as `cursor` to get the next page; null on the last page"),
});

export const ReservationSchema = z.strictObject({
  id: IdSchema,
  eventId: IdSchema,
  userId: UserIdSchema,
  quantity: z.int(),
  status: z.enum(["CONFIRMED", "CANCELLED"]),
  createdAt: z.iso.datetime({ offset: true }),
  cancelledAt: z.iso.datetime({ offset: true }).nullable(),
});

export const ReservationListSchema = z.strictObject({ items: z.array(ReservationSchema) });

export const HealthSchema = z.strictObject({
  status: z.enum(["UP", "DOWN"]),
  timestamp: z.iso.datetime({ offset: true }),
  database: z.enum(["connected", "embedded", "down"]),
  redis: z.enum(["connected", "embedded", "down"]),
});

export const LivenessSchema = z.strictObject({
  status: z.enum(["UP", "DOWN"]),
  timestamp: z.iso.datetime({ offset: true }),
});

export const ProblemSchema = z.object({
  type: z.string().describe("URI reference identifying the problem type"),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  code: z.string().describe("stable machine-readable code, e.g. E_SOLD_OUT"),
  requestId: z.string().optional(),
  errors: z
    .array(z.strictObject({ path: z.string(), message: z.string() }))
    .optional()
    .describe("one entry per invalid field (400 only)"),
});

export const CreateEventSchema = z.strictObject({
  eventName: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.eventNameMaxLength)
    .refine(printable, "must not contain control characters"),
  totalSeats: z.int().min(1).max(LIMITS.totalSeatsMax),
  eventDate: z.iso.datetime({
    offset: true,
    message: "must be an ISO 8601 date-time with offset, e.g. 2030-01-31T19:00:00Z",
  }),
  maxPerUser: z.int().min(1).max(LIMITS.totalSeatsMax).nullable().optional(),
});

/** The reservation body; `quantity`'s upper bound is the engine's `maxQuantityPerRequest`. */
export function createReservationSchema(maxQuantity: number) {
  return z.strictObject({
    eventId: IdSchema,
    quantity: z.int().min(1).max(maxQuantity),
    userId: UserIdSchema.optional().describe("accepted only when equal to the caller's `sub`"),
  });
}

const digits = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.int().min(min).max(max));

export const ListEventsQuerySchema = z.strictObject({
  limit: digits(1, LIMITS.pageLimitMax)
    .optional()
    .describe(`page size, 1–${LIMITS.pageLimitMax}, default 20`),
  cursor: z
    .string()
    .min(1)
    .max(LIMITS.cursorMaxLength)
    .regex(/^[A-Za-z0-9_\-.=:]+$/, "is not a cursor returned by this API")
    .optional()
    .describe("`nextCursor` from the previous page"),
});

export const IdParamsSchema = z.strictObject({ id: IdSchema });
export const UserParamsSchema = z.strictObject({ userId: UserIdSchema });

export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(LIMITS.idempotencyKeyMaxLength)
  .regex(/^[\x21-\x7e]+$/, `must be 1–${LIMITS.idempotencyKeyMaxLength} visible ASCII characters`)
  .describe("a client-chosen unique key per user; a repeat returns the original reservation with 200");

export type CreateEventInput = z.infer<typeof CreateEventSchema>;

export type ComponentEntry = readonly [schema: z.ZodType, id: string, description: string];

/** Named schemas of the OpenAPI `components` section, in document order. */
export function componentSchemas(createReservation: z.ZodType): readonly ComponentEntry[] {
  return [
    [EventSchema, "Event", "An event with its seat counts. Ids are UUIDv7 strings."],
    [EventPageSchema, "EventPage", "One page of upcoming events, soonest first."],
    [CreateEventSchema, "CreateEvent", "A new event (admin only)."],
    [ReservationSchema, "Reservation", "A reservation of seats by one user. Ids are UUIDv7 strings."],
    [ReservationListSchema, "ReservationList", "Reservations, newest first."],
    [createReservation, "CreateReservation", "Seats to reserve for the caller."],
    [HealthSchema, "Health", "Readiness of the instance and its dependencies."],
    [LivenessSchema, "Liveness", "Whether this process serves HTTP; dependencies are not consulted."],
    [ProblemSchema, "Problem", "RFC 9457 problem details."],
  ];
}
