import type { SettlementOutcome } from "@ticketing/waiting-room";

/** What the API measures. Implementations must never block or throw into a request. */
export interface Metrics {
  reservationConfirmed(quantity: number): void;
  /** A reservation refused for lack of seats (sold out or fewer left than asked). */
  soldOut(): void;
  /** A response with status >= 400 (`status` picks client vs server error). */
  error(status: number): void;
  /** Response time of one request, in ms, labelled by route template. */
  latency(route: string, ms: number): void;
  /** Time spent waiting for a lock, in ms. */
  lockWait(ms: number): void;
  cacheLookup(hit: boolean): void;
  /** A buyer's new ticket in a waiting room (a repeat join of the same buyer is not one). */
  waitingRoomJoined(): void;
  /** A new ticket refused by the per-address join limit. */
  waitingRoomJoinLimited(): void;
  /** Buyers admitted, and admissions that expired unused, by one admission step of this instance. */
  waitingRoomStep(admitted: number, expired: number): void;
  /** An admission ended: the buyer reserved, was refused for good (sold out), or gave up. */
  admissionSettled(outcome: SettlementOutcome): void;
  /** Outbox messages SQS did not accept (the relay sends them again). */
  outboxRefused(count: number): void;
  /** The relay could not read or mark the outbox in the database (it retries after a pause). */
  outboxError(): void;
  /** Sends what was gathered so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

/** METRICS=off. */
export const noopMetrics: Metrics = {
  reservationConfirmed() {},
  soldOut() {},
  error() {},
  latency() {},
  lockWait() {},
  cacheLookup() {},
  waitingRoomJoined() {},
  waitingRoomJoinLimited() {},
  waitingRoomStep() {},
  admissionSettled() {},
  outboxRefused() {},
  outboxError() {},
  flush: async () => {},
  close: async () => {},
};
