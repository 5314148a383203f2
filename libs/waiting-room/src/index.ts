export { createWaitingRoom, type WaitingRoom } from "./waiting-room.js";
export type { Admission } from "./admission.js";
export type { SettleResult, Settlement, SettlementOutcome } from "./settlement.js";
export type { JoinOptions } from "./join.js";
export type {
  Clock,
  InventoryPort,
  JoinLimitOptions,
  RecoverOptions,
  RoomSettings,
  WaitingRoomOptions,
  WaitingRoomRedis,
} from "./options.js";
export { WAITING_ROOM_DEFAULTS } from "./options.js";
export {
  MAX_EVENT_ID_LENGTH,
  MAX_IDENTITY_LENGTH,
  MAX_IP_LENGTH,
  MAX_OVERBOOKING,
  MIN_SECRET_BYTES,
} from "./validate.js";
export { FINAL_STATUSES, type Ticket, type TicketStatus } from "./ticket.js";
export type { TickResult } from "./tick-result.js";
export type { RoomInfo } from "./room-info.js";
export type { WatchOptions } from "./watch.js";
export { streamTicket, type StreamTicketOptions, type TicketSource } from "./sse.js";
export { ADMISSION_AUDIENCE, ADMISSION_ISSUER, type AdmissionClaims } from "./tokens.js";
export type { WaitingRoomEventName, WaitingRoomEvents, WaitingRoomListener } from "./events.js";
export {
  AdmissionTokenError,
  InventoryError,
  JoinLimitError,
  NotAdmittedError,
  ReceiptError,
  RoomAlreadyOpenError,
  RoomClosedError,
  RoomNotFoundError,
  TicketNotFoundError,
  WaitingRoomArgumentError,
  WaitingRoomError,
  type AdmissionTokenErrorCode,
  type WaitingRoomErrorCode,
} from "./errors.js";
