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
}

/** Today's statuses; the seat holds of the waiting-room work add more (see i18n `status.*`). */
export type ReservationStatus = "CONFIRMED" | "CANCELLED";

export interface Reservation {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: string;
  cancelledAt: string | null;
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
