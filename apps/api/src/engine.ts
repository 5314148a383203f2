import type { HealthReport, ReservationEngine } from "@ticketing/reservation";

export type { Actor, EventRecord, ReservationRecord, SeatCounts } from "@ticketing/reservation";

/**
 * The slice of @ticketing/reservation's ReservationEngine the HTTP layer calls. Structural, so tests and other
 * engines can be injected; the real engine satisfies it.
 */
export type Engine = Pick<
  ReservationEngine,
  | "createEvent"
  | "getEvent"
  | "getSeatCounts"
  | "listEvents"
  | "reserve"
  | "findReplay"
  | "confirm"
  | "getReservation"
  | "cancel"
  | "listByUser"
  | "health"
  | "close"
>;

export type DependencyState = HealthReport["database"];
