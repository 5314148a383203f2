export { ReservationEngine } from "./engine.js";
export type { ReservationEngineOptions } from "./options.js";
export type {
  BatchInfo,
  ReservationChange,
  ReservationEvents,
  ReservationEventName,
  ReservationListener,
} from "./events.js";
export type { Outbox, OutboxMessage, OutboxMessageType } from "./outbox/outbox.js";
export {
  OutboxRelay,
  type OutboxPublisher,
  type OutboxRelayEvents,
  type OutboxRelayOptions,
  type PublishFailure,
} from "./outbox/relay.js";
export { RESERVATION_LIMITS, type ReservationLimits } from "./limits.js";
export { isUserId } from "./validation.js";
export {
  AlreadyConfirmedError,
  DatabaseUnsupportedError,
  DriverMissingError,
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  HoldExpiredError,
  IdempotencyConflictError,
  InvalidInputError,
  MigrationLockError,
  NotAHoldError,
  PerUserLimitError,
  RESERVATION_ERROR_CODES,
  ReservationCancelledError,
  ReservationError,
  ReservationNotFoundError,
  SeatsHeldError,
  SeatsUnavailableError,
  UnavailableError,
  type InputIssue,
  type ReservationErrorCode,
} from "./errors.js";
export type {
  DatabaseConfig,
  MysqlDatabaseConfig,
  SqljsDatabaseConfig,
  SqljsModule,
} from "./store/database-config.js";
export type {
  DatabaseCredentials,
  DatabaseCredentialsProvider,
  DatabaseTls,
} from "./store/connection-options.js";
export type { EngineRedisClient } from "./defaults.js";
export {
  ExactUserIds1765000000000,
  InitialSchema1764000000000,
  MIGRATIONS_TABLE,
  SeatHolds1766000000000,
  migrations,
} from "./schema/migrations/index.js";
export type { EventRow, ReservationRow } from "./schema/rows.js";
export type {
  Actor,
  CacheLike,
  ConfirmInput,
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
  SeatCounts,
  UpdateEventInput,
} from "./types.js";
