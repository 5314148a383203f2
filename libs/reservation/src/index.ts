export { ReservationEngine } from "./engine.js";
export type { ReservationEngineOptions } from "./options.js";
export type { BatchInfo, ReservationEvents, ReservationEventName, ReservationListener } from "./events.js";
export { RESERVATION_LIMITS, type ReservationLimits } from "./limits.js";
export { isUserId } from "./validation.js";
export {
  DatabaseUnsupportedError,
  DriverMissingError,
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  InvalidInputError,
  MigrationLockError,
  PerUserLimitError,
  RESERVATION_ERROR_CODES,
  ReservationError,
  ReservationNotFoundError,
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
  migrations,
} from "./schema/migrations/index.js";
export type { EventRow, ReservationRow } from "./schema/rows.js";
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
