/**
 * The input limits the engine enforces, in one place, so that an app validating requests before calling the engine
 * can take them from here instead of restating them. Lengths count UTF-16 code units (JavaScript `length`).
 */
export const RESERVATION_LIMITS = Object.freeze({
  /** Longest user id: it fits an indexed utf8mb4 column. */
  userIdMaxLength: 191,
  /** Longest idempotency key. */
  idempotencyKeyMaxLength: 191,
  /** Longest event name (after trimming). */
  eventNameMaxLength: 200,
  /** Most seats an event may have; also the largest `maxPerUser`. */
  totalSeatsMax: 10_000_000,
  /** Default of the engine option `maxQuantityPerRequest`, the most seats one `reserve` call may ask for. */
  quantityMaxDefault: 10,
  /** Largest `limit` of one `listEvents` page. */
  pageLimitMax: 100,
  /** `limit` of a `listEvents` page when none is given. */
  pageLimitDefault: 20,
  /** Longest `cursor` `listEvents` accepts (its own cursors are far shorter). */
  cursorMaxLength: 500,
  /** Shortest seat hold an event may set (`holdSeconds`). */
  holdSecondsMin: 1,
  /** Longest seat hold an event may set (`holdSeconds`): one day, for payments that settle the next day. */
  holdSecondsMax: 86_400,
  /** Longest payment reference given to `confirm`. */
  paymentReferenceMaxLength: 191,
} as const);

export type ReservationLimits = typeof RESERVATION_LIMITS;
