import type { EventRecord, ReservationRecord } from "../engine.js";

const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function eventDto(event: EventRecord) {
  return {
    id: event.id,
    eventName: event.eventName,
    totalSeats: event.totalSeats,
    availableSeats: event.availableSeats,
    eventDate: iso(event.eventDate),
    createdAt: iso(event.createdAt),
    maxPerUser: event.maxPerUser ?? null,
  };
}

export function reservationDto(reservation: ReservationRecord) {
  return {
    id: reservation.id,
    eventId: reservation.eventId,
    userId: reservation.userId,
    quantity: reservation.quantity,
    status: reservation.status,
    createdAt: iso(reservation.createdAt),
    cancelledAt: reservation.cancelledAt ? iso(reservation.cancelledAt) : null,
  };
}
