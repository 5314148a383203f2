/**
 * The engine's input limits, as the app's schemas use them. These mirror @ticketing/reservation
 * (`src/validation.ts` and its `maxQuantityPerRequest` default) until that package exports them; the test
 * `tests/limits.test.ts` feeds each boundary through the real engine so that the two cannot drift apart.
 */
export const RESERVATION_LIMITS = {
  /** Longest user id (`sub`), event or reservation id and idempotency key the engine stores. */
  maxIdLength: 191,
  maxEventNameLength: 200,
  /** Largest `totalSeats` and `maxPerUser` of an event. */
  maxTotalSeats: 10_000_000,
  /** Largest page of `listEvents`. */
  maxPageSize: 100,
  /** Longest cursor `listEvents` accepts. */
  maxCursorLength: 500,
  /** The engine's default `maxQuantityPerRequest`. */
  defaultMaxQuantityPerRequest: 10,
} as const;
