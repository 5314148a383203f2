import type { SettlementOutcome } from "./settlement.js";
import type { TickResult } from "./tick-result.js";

/** Payloads of the room's events, by name. */
export interface WaitingRoomEvents {
  /**
   * `join` put a new ticket in line: a buyer who had none (`restored: false`), or one whose lost ticket a receipt
   * brought back. A join answered with the ticket the identity already holds emits nothing.
   */
  "room:joined": { readonly eventId: string; readonly restored: boolean };
  /** `join` refused a new ticket because the address took its share (it threw JoinLimitError). */
  "room:join-limited": { readonly eventId: string; readonly ip: string; readonly limit: number };
  /** `settle` ended an admission with `outcome`; a replayed settle emits nothing. */
  "room:settled": { readonly eventId: string; readonly outcome: SettlementOutcome };
  /**
   * An admission step of this instance finished (automatic or an explicit `tick`). Each admission and expiry is
   * reported by the one instance whose step made it, so counts summed over instances are exact.
   */
  "room:tick": TickResult;
  /** An automatic admission step or a watcher's refresh failed; the room retries at the next step. */
  "room:error": { readonly eventId: string; readonly operation: "tick" | "watch"; readonly error: unknown };
}

export type WaitingRoomEventName = keyof WaitingRoomEvents;
export type WaitingRoomListener<E extends WaitingRoomEventName> = (payload: WaitingRoomEvents[E]) => void;

/** A minimal typed emitter; a throwing listener never breaks the room. */
export class RoomEmitter {
  readonly #listeners: { [E in WaitingRoomEventName]?: WaitingRoomListener<E>[] } = {};

  on<E extends WaitingRoomEventName>(event: E, listener: WaitingRoomListener<E>): void {
    const list = (this.#listeners[event] ??= []) as WaitingRoomListener<E>[];
    list.push(listener);
  }

  off<E extends WaitingRoomEventName>(event: E, listener: WaitingRoomListener<E>): void {
    const list = this.#listeners[event] as WaitingRoomListener<E>[] | undefined;
    const index = list?.indexOf(listener) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }

  emit<E extends WaitingRoomEventName>(event: E, payload: WaitingRoomEvents[E]): void {
    const list = this.#listeners[event] as WaitingRoomListener<E>[] | undefined;
    if (!list) return;
    for (const listener of [...list]) {
      try {
        listener(payload);
      } catch {
        // observers' failures are theirs
      }
    }
  }
}
