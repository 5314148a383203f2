import type { Admission } from "./admission/admission.js";
import { AdmissionGate } from "./admission-gate.js";
import type { Emitter } from "./emitter.js";
import { EventService } from "./event-service.js";
import type { ReservationEvents } from "./events.js";
import { GroupCommit } from "./group-commit.js";
import { HoldExpiry } from "./hold-expiry.js";
import { Maintenance } from "./maintenance.js";
import type { ResolvedOptions } from "./options.js";
import { Recovery } from "./recovery.js";
import { ReservationService } from "./reservation-service.js";
import type { Outbox } from "./outbox/outbox.js";
import { Settler } from "./settler.js";
import type { Database } from "./store/database.js";
import { DbClock } from "./store/db-clock.js";
import { EventStore } from "./store/event-store.js";
import { OutboxStore } from "./store/outbox-store.js";
import { ReservationStore } from "./store/reservation-store.js";
import { Transitions } from "./store/transitions.js";
import type { CacheLike, LocksLike } from "./types.js";

/** What the engine is made of, given what it connected to. */
export interface EngineDeps {
  db: Database;
  admission: Admission;
  locks: LocksLike;
  cache: CacheLike;
  options: ResolvedOptions;
  emitter: Emitter<ReservationEvents>;
}

export interface EngineParts {
  db: Database;
  admission: Admission;
  groupCommit: GroupCommit;
  settler: Settler;
  maintenance: Maintenance;
  expiry: HoldExpiry;
  clock: DbClock;
  events: EventService;
  reservations: ReservationService;
  outbox: Outbox;
}

/**
 * Builds the engine's collaborators in dependency order: each one is complete when the next receives it, and the
 * later ones subscribe to what the group commit reports (a batch settled, a counter drifted) instead of the group
 * commit calling them.
 */
export function buildEngineParts({ db, admission, locks, cache, options, emitter }: EngineDeps): EngineParts {
  const eventStore = new EventStore(db);
  const reservationStore = new ReservationStore(db);
  const transitions = new Transitions(db, { outbox: options.outbox });
  const clock = new DbClock(db);
  const settler = new Settler(admission);
  const groupCommit = new GroupCommit({
    db,
    events: eventStore,
    reservations: reservationStore,
    settler,
    maxBatch: options.maxBatch,
    maxConcurrent: options.maxConcurrentBatches,
    lingerMs: options.lingerMs,
    retries: options.retries,
    maxHoldAgeMs: Math.floor(options.staleHoldMs / 2),
    outbox: options.outbox,
  });
  groupCommit.on("batch", (info) => emitter.emit("reservation:batch", info));
  const recovery = new Recovery({
    admission,
    events: eventStore,
    reservations: reservationStore,
    groupCommit,
    settler,
    locks,
    lockPrefix: options.keyPrefix,
    emitter,
  });
  const expiry = new HoldExpiry({
    reservations: reservationStore,
    transitions,
    admission,
    groupCommit,
    emitter,
    intervalMs: options.holdSweepIntervalMs,
    batchSize: options.holdSweepBatchSize,
  });
  const gate = new AdmissionGate({
    admission,
    events: eventStore,
    groupCommit,
    recovery,
    expiry,
    settleTimeoutMs: options.settleTimeoutMs,
  });
  const maintenance = new Maintenance({
    admission,
    events: eventStore,
    recovery,
    settler,
    staleHoldMs: options.staleHoldMs,
    intervalMs: options.reconcileIntervalMs,
  });
  const events = new EventService({
    events: eventStore,
    admission,
    cache,
    locks,
    recovery,
    keyPrefix: options.keyPrefix,
    cacheTtlMs: options.eventCacheTtlMs,
  });
  expiry.on("released", ({ eventId }) => maintenance.touch(eventId));
  const reservations = new ReservationService({
    reservations: reservationStore,
    transitions,
    admission,
    eventService: events,
    gate,
    groupCommit,
    maintenance,
    expiry,
    clock,
    emitter,
    maxQuantityPerRequest: options.maxQuantityPerRequest,
  });
  return {
    db,
    admission,
    groupCommit,
    settler,
    maintenance,
    expiry,
    clock,
    events,
    reservations,
    outbox: outboxOf(new OutboxStore(db), emitter),
  };
}

/** The outbox for relays: the table, and a wake-up whenever this process committed a change. */
function outboxOf(store: OutboxStore, emitter: Emitter<ReservationEvents>): Outbox {
  const changes = [
    "reservation:held",
    "reservation:confirmed",
    "reservation:cancelled",
    "reservation:expired",
  ] as const;
  return {
    claim: (options) => store.claim(options),
    published: (ids) => store.published(ids),
    retryLater: (ids, delayMs) => store.retryLater(ids, delayMs),
    prune: (olderThanMs, limit) => store.prune(olderThanMs, limit),
    onChange: (listener) => {
      const notify = (): void => listener();
      for (const name of changes) emitter.on(name, notify);
      return () => {
        for (const name of changes) emitter.off(name, notify);
      };
    },
  };
}
