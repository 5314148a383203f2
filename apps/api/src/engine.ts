/**
 * The slice of @ticketing/reservation's ReservationEngine the HTTP layer calls. Structural, so tests and other
 * engines can be injected; the real engine satisfies it.
 */
export interface EventRecord {
  id: string;
  eventName: string;
  totalSeats: number;
  availableSeats: number;
  eventDate: Date;
  createdAt: Date;
  maxPerUser: number | null;
}

export interface ReservationRecord {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: "CONFIRMED" | "CANCELLED";
  createdAt: Date;
  cancelledAt: Date | null;
  idempotencyKey: string | null;
}

export interface Actor {
  userId: string;
  role: "user" | "admin";
}

export type DependencyState = "connected" | "embedded" | "down";

export interface Engine {
  createEvent(input: {
    eventName: string;
    totalSeats: number;
    eventDate: Date;
    maxPerUser?: number | null;
  }): Promise<EventRecord>;
  getEvent(id: string): Promise<EventRecord>;
  listEvents(page?: {
    limit?: number;
    cursor?: string | null;
  }): Promise<{ items: EventRecord[]; nextCursor: string | null }>;
  reserve(input: {
    eventId: string;
    userId: string;
    quantity: number;
    idempotencyKey?: string;
  }): Promise<{ reservation: ReservationRecord; replayed: boolean }>;
  cancel(reservationId: string, actor: Actor): Promise<ReservationRecord>;
  listByUser(userId: string, actor: Actor): Promise<ReservationRecord[]>;
  health(): Promise<{ database: DependencyState; redis: DependencyState }>;
  close(): Promise<void>;
}
