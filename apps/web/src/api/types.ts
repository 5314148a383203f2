/** The API's resources as the page receives them (see GET /api/openapi.json). */

export interface EventView {
  id: string;
  eventName: string;
  totalSeats: number;
  availableSeats: number;
  /** ISO 8601 */
  eventDate: string;
  createdAt: string;
  /** Most seats one buyer may hold for this event; null = no limit of its own. */
  maxPerUser: number | null;
  /** Seconds a buyer has to confirm (pay) a reservation, which is HELD until then; null = confirmed at once. */
  holdSeconds: number | null;
  /** The event sells through a waiting room: reserving needs an admission; null = reserve directly. */
  waitingRoom: WaitingRoomSettings | null;
}

export interface WaitingRoomSettings {
  /** ISO 8601: buyers who join earlier are put in a random order among themselves. */
  opensAt: string;
  /** Most buyers admitted per second across the fleet. */
  admitPerSecond: number;
  /** Admitted buyers who have not reserved yet, per seat still obtainable. */
  overbooking: number;
}

export interface EventPage {
  items: EventView[];
  nextCursor: string | null;
}

export interface NewEvent {
  eventName: string;
  totalSeats: number;
  /** ISO 8601 with offset */
  eventDate: string;
  maxPerUser?: number | null;
  /** Seconds a buyer has to confirm; null or absent: reservations are confirmed at once. */
  holdSeconds?: number | null;
  /** Sell through a waiting room; `overbooking` takes the API's default when absent. */
  waitingRoom?: (Omit<WaitingRoomSettings, "overbooking"> & { overbooking?: number }) | null;
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

/** The API's OpenAPI document, as far as the page reads it (the JSON schemas of its bodies). */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

/**
 * HELD: seats held until `expiresAt`, confirm to buy; CONFIRMED: sold; CANCELLED: given back; EXPIRED: a hold not
 * confirmed in time, its seats given back.
 */
export type ReservationStatus = "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";

export interface Reservation {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: string;
  cancelledAt: string | null;
  /** ISO 8601: the end of the hold (HELD and EXPIRED); null when confirmed when made. */
  expiresAt: string | null;
  confirmedAt: string | null;
  paymentReference: string | null;
}

/**
 * pre_queue: joined before the opening (order drawn at random among early arrivals); waiting: in line; sold_out: in
 * line, no seat now (admitted in turn if seats come back); admitted: reserve with `admission.token` before
 * `admission.expiresAt`; expired, reserved, refused, abandoned: final.
 */
export type TicketStatus =
  "pre_queue" | "waiting" | "sold_out" | "admitted" | "expired" | "reserved" | "refused" | "abandoned";

/** The buyer's place in an event's waiting room. */
export interface Ticket {
  eventId: string;
  identity: string;
  status: TicketStatus;
  /** Number in line (1 = first admitted); null before the opening and once out of line. */
  position: number | null;
  /** Buyers still waiting ahead. */
  ahead: number | null;
  estimatedWaitMs: number | null;
  /** Epoch ms */
  joinedAt: number;
  /** Epoch ms */
  opensAt: number;
  /** While admitted: `token` goes with the reservation; `expiresAt` in epoch ms. */
  admission: { token: string; expiresAt: number } | null;
  /** Sent back with the next join, it restores the place if the room lost it. */
  receipt: string;
  /** In GET and POST answers (not in the stream): when to ask again, or null when waiting changes nothing. */
  pollAfterMs?: number | null;
}

export type DependencyState = "connected" | "embedded" | "down";

export interface Health {
  status: "UP" | "DOWN";
  timestamp: string;
  database: DependencyState;
  redis: DependencyState;
}

export type Role = "user" | "admin";

/** A signed-in buyer or operator: the bearer token and what it says about its holder. */
export interface Session {
  token: string;
  userId: string;
  role: Role;
  /** ISO 8601 */
  expiresAt: string;
}
