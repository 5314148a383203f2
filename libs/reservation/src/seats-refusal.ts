import { SeatsHeldError, SeatsUnavailableError, type ReservationError } from "./errors.js";
import type { SeatState } from "./store/event-store.js";
import { fromSqlDate } from "./store/sql-date.js";

/** Whether holds that may still expire have enough seats, with those free, for `quantity`. */
export function heldCouldCover(seats: SeatState, quantity: number): boolean {
  return seats.nextExpiry !== null && seats.available + seats.held >= quantity;
}

/**
 * What a buyer the database has too few free seats for is told: E_SEATS_HELD (with the earliest expiry) when holds
 * that may still expire have the seats it asks for, else sold out or insufficient seats, which no expiry can change.
 */
export function seatsRefusal(eventId: string, quantity: number, seats: SeatState | null): ReservationError {
  if (seats && heldCouldCover(seats, quantity)) {
    return new SeatsHeldError(eventId, quantity, seats.available, seats.held, fromSqlDate(seats.nextExpiry!));
  }
  return new SeatsUnavailableError(eventId, quantity, seats?.available ?? 0);
}
