import type { EventRecord, ReservationRecord, SeatCounts } from "../engine.js";
import type { WaitingRoomSettings } from "../waiting-room/rooms.js";

const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

export function eventDto(event: EventRecord, waitingRoom: WaitingRoomSettings | null) {
  return {
    id: event.id,
    eventName: event.eventName,
    totalSeats: event.totalSeats,
    availableSeats: event.availableSeats,
    eventDate: iso(event.eventDate),
    createdAt: iso(event.createdAt),
    maxPerUser: event.maxPerUser ?? null,
    holdSeconds: event.holdSeconds ?? null,
    waitingRoom: waitingRoom && {
      opensAt: iso(waitingRoom.opensAt),
      admitPerSecond: waitingRoom.admitPerSecond,
      overbooking: waitingRoom.overbooking,
    },
  };
}

/** One event with the seat counts of one consistent database read. */
export function eventDetailDto(
  event: EventRecord,
  waitingRoom: WaitingRoomSettings | null,
  seats: SeatCounts,
) {
  return {
    ...eventDto(
      { ...event, totalSeats: seats.totalSeats, availableSeats: seats.availableSeats },
      waitingRoom,
    ),
    heldSeats: seats.heldSeats,
    confirmedSeats: seats.confirmedSeats,
    nextHoldExpiresAt: seats.nextExpiry ? iso(seats.nextExpiry) : null,
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
    expiresAt: reservation.expiresAt ? iso(reservation.expiresAt) : null,
    confirmedAt: reservation.confirmedAt ? iso(reservation.confirmedAt) : null,
    paymentReference: reservation.paymentReference ?? null,
  };
}
