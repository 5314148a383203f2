/** Rows as the engine reads them; dates are "YYYY-MM-DD HH:MM:SS.mmm" UTC strings in MySQL and SQLite alike. */
export interface EventRow {
  id: string;
  event_name: string;
  total_seats: number;
  available_seats: number;
  max_per_user: number | null;
  event_date: string;
  created_at: string;
  fence: number | string;
  /** Absent in event details cached before the column existed. */
  hold_seconds?: number | null;
}

export interface ReservationRow {
  id: string;
  event_id: string;
  user_id: string;
  quantity: number;
  status: "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
  created_at: string;
  cancelled_at: string | null;
  idempotency_key: string | null;
  expires_at: string | null;
  confirmed_at: string | null;
  payment_reference: string | null;
  /** 1 when written, + 1 per change of status: the sequence of the change's outbox message. */
  version: number;
}
