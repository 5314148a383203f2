import { EntitySchema } from "typeorm";

/** Row shapes as stored; dates are "YYYY-MM-DD HH:MM:SS.mmm" UTC strings in both MySQL and SQLite. */
export interface EventRow {
  id: string;
  event_name: string;
  total_seats: number;
  available_seats: number;
  max_per_user: number | null;
  event_date: string;
  created_at: string;
  fence: number | string;
}

export interface ReservationRow {
  id: string;
  event_id: string;
  user_id: string;
  quantity: number;
  status: "CONFIRMED" | "CANCELLED";
  created_at: string;
  cancelled_at: string | null;
  idempotency_key: string | null;
}

export const EventEntity = new EntitySchema<EventRow>({
  name: "Event",
  tableName: "events",
  columns: {
    id: { type: "varchar", length: 36, primary: true },
    event_name: { type: "varchar", length: 200 },
    total_seats: { type: "int" },
    available_seats: { type: "int" },
    max_per_user: { type: "int", nullable: true },
    event_date: { type: "datetime", precision: 3 },
    created_at: { type: "datetime", precision: 3 },
    fence: { type: "bigint", default: 0 },
  },
  indices: [{ name: "idx_events_date", columns: ["event_date", "id"] }],
  checks: [
    { name: "chk_events_available", expression: "available_seats >= 0 AND available_seats <= total_seats" },
  ],
});

export const ReservationEntity = new EntitySchema<ReservationRow>({
  name: "Reservation",
  tableName: "reservations",
  columns: {
    id: { type: "varchar", length: 36, primary: true },
    event_id: { type: "varchar", length: 36 },
    user_id: { type: "varchar", length: 191 },
    quantity: { type: "int" },
    status: { type: "varchar", length: 16 },
    created_at: { type: "datetime", precision: 3 },
    cancelled_at: { type: "datetime", precision: 3, nullable: true },
    idempotency_key: { type: "varchar", length: 191, nullable: true },
  },
  indices: [
    { name: "uq_reservations_user_key", columns: ["user_id", "idempotency_key"], unique: true },
    { name: "idx_reservations_user_created", columns: ["user_id", "created_at", "id"] },
    { name: "idx_reservations_event_status", columns: ["event_id", "status", "user_id"] },
  ],
  checks: [{ name: "chk_reservations_quantity", expression: "quantity > 0" }],
});
