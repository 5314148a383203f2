import { EventEmitter } from "node:events";

/** Payloads of the engine's events, by name. */
export interface ReservationEvents {
  /** A group-commit batch finished: committed whole, fell back to one transaction per row, or failed. */
  "reservation:batch": {
    eventId: string;
    size: number;
    outcome: "committed" | "fallback" | "failed";
    ms: number;
  };
  /** An event's admission counter was built (it was missing) or reset from the database. */
  "reservation:counter": { eventId: string; mode: "missing" | "force"; available: number; holds: number };
  /** Holds left in flight by a dead or stalled process were settled from the database. */
  "reservation:reconciled": { eventId: string; confirmed: number; released: number };
}

export type ReservationEventName = keyof ReservationEvents;
export type ReservationListener<K extends ReservationEventName> = (payload: ReservationEvents[K]) => void;

/** A typed emitter; a throwing listener never breaks the engine. */
export class EngineEvents {
  private readonly emitter = new EventEmitter();

  on<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.on(name, listener);
  }

  off<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.off(name, listener);
  }

  emit<K extends ReservationEventName>(name: K, payload: ReservationEvents[K]): void {
    if (this.emitter.listenerCount(name) === 0) return;
    try {
      this.emitter.emit(name, payload);
    } catch {
      // Listeners are observers; their failures are theirs.
    }
  }
}
