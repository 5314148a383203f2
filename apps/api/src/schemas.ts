import { z } from "zod";
import { RESERVATION_LIMITS as LIMITS } from "@ticketing/reservation";
import { MAX_OVERBOOKING } from "@ticketing/waiting-room";
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

const isoDateTime = (example: string) =>
  z.iso.datetime({ offset: true, message: `must be an ISO 8601 date-time with offset, e.g. ${example}` });

/** Highest admission rate an event's waiting room may be given (admissions per second, fleet-wide). */
export const MAX_ADMIT_PER_SECOND = 100_000;

export const WaitingRoomSettingsSchema = z.strictObject({
  opensAt: isoDateTime("2030-01-31T19:00:00+09:00").describe(
    "when the sale opens: buyers who join earlier are put in a random order among themselves, later ones follow in the order they joined",
  ),
  admitPerSecond: z
    .number()
    .min(0.01)
    .max(MAX_ADMIT_PER_SECOND)
    .describe("most buyers admitted per second across the fleet: the rate the fleet can serve"),
  overbooking: z
    .number()
    .min(1)
    .max(MAX_OVERBOOKING)
    .default(1)
    .describe(
      "admitted buyers who have not reserved yet, per seat still obtainable (e.g. 1.2 when a sixth of admitted buyers leave); default 1",
    ),
});

const EventFields = {
  id: IdSchema,
  eventName: z.string(),
  totalSeats: z.int(),
  availableSeats: z.int().describe("seats neither held nor sold"),
  eventDate: z.iso.datetime({ offset: true }),
  createdAt: z.iso.datetime({ offset: true }),
  maxPerUser: z.int().nullable().describe("most seats one user may hold for this event; null = no limit"),
  holdSeconds: z
    .int()
    .nullable()
    .describe(
      "seconds a buyer has to confirm a reservation (status HELD until then); null = confirmed at once",
    ),
  waitingRoom: z
    .strictObject({
      opensAt: z.iso.datetime({ offset: true }),
      admitPerSecond: z.number(),
      overbooking: z.number(),
    })
    .nullable()
    .describe(
      "the event sells through a waiting room: reserving needs an admission token; null = no waiting room",
    ),
};

export const EventSchema = z.strictObject(EventFields);

export const EventDetailSchema = z.strictObject({
  ...EventFields,
  heldSeats: z
    .int()
    .describe("seats in holds not confirmed yet; they return to sale if not confirmed in time"),
  confirmedSeats: z.int().describe("seats sold"),
  nextHoldExpiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe("when the first hold expires (its seats may come back), or null"),
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
  status: z
    .enum(["HELD", "CONFIRMED", "CANCELLED", "EXPIRED"])
    .describe(
      "HELD: seats held until expiresAt, confirm to buy; CONFIRMED: sold; CANCELLED: given back; EXPIRED: a hold not confirmed in time, seats given back",
    ),
  createdAt: z.iso.datetime({ offset: true }),
  cancelledAt: z.iso.datetime({ offset: true }).nullable(),
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe("end of the hold (HELD, and EXPIRED ones); null when the reservation was confirmed when made"),
  confirmedAt: z.iso.datetime({ offset: true }).nullable(),
  paymentReference: z.string().nullable().describe("the reference given to confirm, or null"),
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
  eventDate: isoDateTime("2030-01-31T19:00:00Z"),
  maxPerUser: z.int().min(1).max(LIMITS.totalSeatsMax).nullable().optional(),
  holdSeconds: z
    .int()
    .min(LIMITS.holdSecondsMin)
    .max(LIMITS.holdSecondsMax)
    .nullable()
    .optional()
    .describe("seconds a buyer has to confirm (pay); omitted or null: reservations are confirmed at once"),
  waitingRoom: WaitingRoomSettingsSchema.nullable()
    .optional()
    .describe("sell through a waiting room; omitted or null: no waiting room"),
});

/** The reservation body; `quantity`'s upper bound is the engine's `maxQuantityPerRequest`. */
export function createReservationSchema(maxQuantity: number) {
  return z.strictObject({
    eventId: IdSchema,
    quantity: z.int().min(1).max(maxQuantity),
    userId: UserIdSchema.optional().describe("accepted only when equal to the caller's `sub`"),
    admissionToken: AdmissionTokenSchema.optional().describe(
      "the token of your admission (`admission.token` of your waiting-room ticket); required when the event has a waiting room, ignored otherwise",
    ),
  });
}

/** An admission token as the waiting room signs it (a JWT); its checks are the room's. */
export const AdmissionTokenSchema = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_\-.]+$/, "is not an admission token");

export const ConfirmSchema = z.strictObject({
  paymentReference: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.paymentReferenceMaxLength)
    .refine(printable, "must not contain control characters")
    .describe("your payment's reference; confirming again with the same one returns the reservation"),
});

export const JoinSchema = z.strictObject({
  receipt: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe(
      "the `receipt` of your ticket, kept from an earlier join: restores your place if the room lost it",
    ),
});

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
    [EventDetailSchema, "EventDetail", "One event with live seat counts: held, confirmed and available."],
    [WaitingRoomSettingsSchema, "WaitingRoomSettings", "An event's waiting room (admin)."],
    [EventPageSchema, "EventPage", "One page of upcoming events, soonest first."],
    [CreateEventSchema, "CreateEvent", "A new event (admin only)."],
    [ReservationSchema, "Reservation", "A reservation of seats by one user. Ids are UUIDv7 strings."],
    [ReservationListSchema, "ReservationList", "Reservations, newest first."],
    [createReservation, "CreateReservation", "Seats to reserve for the caller."],
    [ConfirmSchema, "Confirm", "Confirms (pays) a hold."],
    [JoinSchema, "Join", "Joins an event's waiting room; the body is optional."],
    [TicketSchema, "Ticket", "Your place in an event's waiting room."],
    [LiveEventSchema, "LiveEvent", "An opening as it happens (admin)."],
    [HealthSchema, "Health", "Readiness of the instance and its dependencies."],
    [LivenessSchema, "Liveness", "Whether this process serves HTTP; dependencies are not consulted."],
    [ProblemSchema, "Problem", "RFC 9457 problem details."],
  ];
}

const TICKET_STATUSES = [
  "pre_queue",
  "waiting",
  "sold_out",
  "admitted",
  "expired",
  "reserved",
  "refused",
  "abandoned",
] as const;

export const TicketSchema = z.strictObject({
  eventId: IdSchema,
  identity: UserIdSchema.describe("you: the `sub` of your token"),
  status: z
    .enum(TICKET_STATUSES)
    .describe(
      "pre_queue: joined before the opening (order drawn at random); waiting: in line; sold_out: in line, no seat now (admitted in turn if seats come back); admitted: reserve with admission.token before admission.expiresAt; then expired, reserved, refused or abandoned (final)",
    ),
  position: z
    .int()
    .nullable()
    .describe("your number in line (1 = first admitted); null before the opening and once out of line"),
  ahead: z.int().nullable().describe("buyers still waiting ahead of you"),
  estimatedWaitMs: z
    .number()
    .nullable()
    .describe("expected wait from the admission rate measured over the last half minute"),
  joinedAt: z.int().describe("epoch ms"),
  opensAt: z.int().describe("epoch ms"),
  admission: z
    .strictObject({ token: z.string(), expiresAt: z.int().describe("epoch ms") })
    .nullable()
    .describe("while admitted: send token as admissionToken of POST /api/reservations"),
  receipt: z
    .string()
    .describe("keep it and send it with your next join: it restores your place if the room lost it"),
  pollAfterMs: z
    .int()
    .nullable()
    .optional()
    .describe(
      "in GET and POST answers (not in the stream): when to ask again; null when waiting changes nothing",
    ),
});

const rate = z.number().nullable();

export const LiveEventSchema = z.strictObject({
  eventId: IdSchema,
  at: z.iso.datetime({ offset: true }),
  seats: z.strictObject({
    total: z.int(),
    confirmed: z.int(),
    held: z.int(),
    available: z.int(),
    nextHoldExpiresAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  waitingRoom: z
    .strictObject({
      opensAt: z.iso.datetime({ offset: true }),
      opened: z.boolean(),
      soldOut: z.boolean(),
      waiting: z.int().describe("buyers in line"),
      admitted: z.int().describe("admitted buyers who have not reserved (or given up) yet"),
      admittedTotal: z.int(),
      admitPerSecond: z.number().describe("the cap"),
      admissionRate: rate.describe("admissions per second measured over the last half minute"),
      overbooking: z.number(),
    })
    .nullable(),
  traffic: z
    .strictObject({
      scope: z
        .literal("fleet")
        .describe("summed over every instance through Redis (embedded: the one process)"),
      windowSeconds: z.int(),
      requestsPerSecond: z.number(),
      reservationsPerSecond: z.number().describe("2xx answers of POST /api/reservations per second"),
      errorRate: rate.describe("5xx answers over all answers"),
      refusalRate: rate.describe("4xx answers (sold out, not admitted, limits) over all answers"),
      p50Ms: rate,
      p99Ms: rate.describe(
        "upper edge of the histogram bucket holding the 99th percentile (buckets ~1.6x apart)",
      ),
    })
    .describe("POST /api/reservations of this event over the last complete seconds"),
});
