export { ReservationEngine } from "./engine.js";
export type { ReservationEngineOptions } from "./options.js";
export type { ReservationEvents, ReservationEventName, ReservationListener } from "./events.js";
export {
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  InvalidInputError,
  PerUserLimitError,
  ReservationError,
  ReservationNotFoundError,
  SeatsUnavailableError,
  UnavailableError,
  type InputIssue,
  type ReservationErrorCode,
} from "./errors.js";
export type { DatabaseConfig } from "./store/database.js";
export type {
  DatabaseCredentials,
  DatabaseCredentialsProvider,
  DatabaseTls,
} from "./store/connection-options.js";
export type { EngineRedisClient } from "./defaults.js";
export { InitialSchema1764000000000, migrations } from "./schema/initial-migration.js";
export { EventEntity, ReservationEntity, type EventRow, type ReservationRow } from "./schema/entities.js";
export type {
  Actor,
  CacheLike,
  CreateEventInput,
  EventPage,
  EventRecord,
  HealthReport,
  LockLike,
  LocksLike,
  RedisScriptClient,
  ReservationRecord,
  ReservationStatus,
  ReserveInput,
  ReserveResult,
  UpdateEventInput,
} from "./types.js";
