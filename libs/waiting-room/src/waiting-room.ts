import { settleAdmission, verifyAdmission, type Admission } from "./admission.js";
import { installRoom } from "./configure.js";
import { JoinLimitError, RoomClosedError, RoomNotFoundError, TicketNotFoundError } from "./errors.js";
import { RoomEmitter, type WaitingRoomEventName, type WaitingRoomListener } from "./events.js";
import { joinRoom, type JoinOptions } from "./join.js";
import { roomKeys } from "./keys.js";
import type { RecoverOptions, ResolvedOptions, RoomSettings, WaitingRoomOptions } from "./options.js";
import { scripts, type TicketRow } from "./scripts.js";
import type { SettleResult, Settlement } from "./settlement.js";
import { runTick } from "./tick.js";
import type { TickResult } from "./tick-result.js";
import { Ticker } from "./ticker.js";
import { buildTicket, type Ticket } from "./ticket.js";
import type { RoomInfo } from "./room-info.js";
import { RoomTokens } from "./tokens.js";
import { checkEventId, checkIdentity, resolveOptions, resolvePauseMs } from "./validate.js";
import { watchTicket, type WatchOptions } from "./watch.js";
import { Watchers } from "./watchers.js";

/**
 * A virtual waiting room per event, in Redis, tied to the event's inventory.
 *
 * @example
 * const inventory = async (eventId: string) => (await engine.getEvent(eventId)).availableSeats;
 * const room = createWaitingRoom({ redis, secret, inventory });
 * await room.configure("concert", { opensAt: new Date("2030-06-01T19:00:00Z"), admitPerSecond: 50 });
 * const ticket = await room.join("concert", "user-42", { ip: req.ip });
 */
export function createWaitingRoom(options: WaitingRoomOptions): WaitingRoom {
  return new WaitingRoom(resolveOptions(options));
}

export class WaitingRoom {
  readonly #options: ResolvedOptions;
  readonly #tokens: RoomTokens;
  readonly #events = new RoomEmitter();
  readonly #watchers = new Watchers();
  readonly #ticker: Ticker;
  #closed = false;

  /** Use `createWaitingRoom`, which validates the options. */
  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#tokens = new RoomTokens(options.secret);
    this.#ticker = new Ticker({ everyMs: options.tickMs, step: (eventId) => this.#loopStep(eventId) });
  }

  /**
   * Creates the event's room, or updates its rate, overbooking and burst. The opening time may change until the room
   * has opened; then a different one throws RoomAlreadyOpenError. Resolves `{ created }`.
   */
  async configure(eventId: string, settings: RoomSettings): Promise<{ created: boolean }> {
    this.#open();
    return installRoom(this.#options, eventId, settings, null);
  }

  /**
   * Re-creates a room that Redis lost (a restart without AOF; operations throw RoomNotFoundError). The room opens at
   * once, but admits nobody for `pauseMs`: buyers who come back with their receipt get their place again ahead of
   * everyone who joins from now on, and every token issued before the loss expires, so the cap holds again. On a
   * room that exists this is `configure`.
   */
  async recover(
    eventId: string,
    settings: RoomSettings,
    options?: RecoverOptions,
  ): Promise<{ created: boolean }> {
    this.#open();
    const fallback = this.#options.admissionTtlMs + this.#options.settleGraceMs;
    return installRoom(this.#options, eventId, settings, resolvePauseMs(options, fallback));
  }

  /**
   * The identity's ticket for the event: a new one at the end of the line (or, before the opening, at a random place
   * in the pre-queue), or the one it already has. Throws JoinLimitError when `ip` took its share of new tickets.
   * Emits `room:joined` for a new ticket, `room:join-limited` for a refused one.
   */
  async join(eventId: string, identity: string, options: JoinOptions = {}): Promise<Ticket> {
    this.#open();
    const { row, now, created } = await joinRoom(
      this.#options,
      this.#tokens,
      eventId,
      identity,
      options,
    ).catch((error: unknown) => {
      if (error instanceof JoinLimitError) {
        this.#events.emit("room:join-limited", { eventId, ip: error.ip, limit: error.limit });
      }
      throw error;
    });
    if (created) this.#events.emit("room:joined", { eventId, restored: options.receipt !== undefined });
    this.#ticker.ensure(eventId);
    return this.#ticket(row, eventId, identity, now);
  }

  /** The identity's ticket as it stands. Throws TicketNotFoundError when it never joined. */
  async status(eventId: string, identity: string): Promise<Ticket> {
    this.#open();
    checkEventId(eventId);
    checkIdentity(identity);
    const keys = roomKeys(this.#options.prefix, eventId);
    const now = this.#options.clock();
    const reply = await scripts.status.run(
      this.#options.redis,
      [keys.room, keys.queue, keys.tickets],
      [identity, now],
    );
    if (reply.kind === "no-room") throw new RoomNotFoundError(eventId);
    if (reply.kind === "no-ticket") throw new TicketNotFoundError(eventId, identity);
    this.#ticker.ensure(eventId);
    return this.#ticket(reply.value, eventId, identity, now);
  }

  /**
   * The ticket, then every change of it, until it is admitted or final, or `signal` aborts. Made for Server-Sent
   * Events (see `streamTicket`). Updates follow this instance's admission steps, which this call starts if needed.
   */
  watch(eventId: string, identity: string, options: WatchOptions = {}): AsyncIterable<Ticket> {
    this.#open();
    checkEventId(eventId);
    checkIdentity(identity);
    return watchTicket(
      {
        read: () => this.status(eventId, identity),
        subscribe: (signal) => this.#watchers.subscribe(eventId, signal),
        clock: this.#options.clock,
        onError: (error) => this.#events.emit("room:error", { eventId, operation: "watch", error }),
      },
      options,
    );
  }

  /**
   * Checks an admission token for a reservation request: signed by this room, not expired, issued to `identity` for
   * `eventId`, not settled. A valid token whose ticket Redis lost is honoured (and counted again). Throws
   * AdmissionTokenError.
   */
  async verify(token: string, expected: { eventId: string; identity: string }): Promise<Admission> {
    this.#open();
    return verifyAdmission(this.#options, this.#tokens, token, expected);
  }

  /**
   * Ends an admission: `reserved` (with the seats taken), `refused` (the reservation was turned down for good) or
   * `abandoned`. The slot goes back at once and the next buyers are admitted at this instance's next step. Idempotent:
   * a second call answers the first outcome with `replayed: true`. The first call emits `room:settled`.
   */
  async settle(
    admission: Pick<Admission, "eventId" | "identity">,
    settlement: Settlement,
  ): Promise<SettleResult> {
    this.#open();
    const result = await settleAdmission(this.#options, admission, settlement);
    if (!result.replayed) {
      this.#events.emit("room:settled", { eventId: admission.eventId, outcome: result.outcome });
    }
    this.#ticker.nudge(admission.eventId);
    return result;
  }

  /**
   * Runs one admission step now (instances also run them every `tickMs`): returns expired slots, asks the inventory
   * port, admits the next buyers. Call it when seats come back to admit at once. Throws RoomNotFoundError,
   * InventoryError.
   */
  async tick(eventId: string): Promise<TickResult> {
    this.#open();
    checkEventId(eventId);
    const result = await runTick(this.#options, eventId);
    this.#events.emit("room:tick", result);
    this.#watchers.publish(result);
    this.#ticker.ensure(eventId);
    return result;
  }

  /** The room's settings and counters, for operators and dashboards. Throws RoomNotFoundError. */
  async info(eventId: string): Promise<RoomInfo> {
    this.#open();
    const keys = roomKeys(this.#options.prefix, checkEventId(eventId));
    const info = await scripts.info.run(this.#options.redis, [keys.room, keys.queue, keys.undecided], []);
    if (!info) throw new RoomNotFoundError(eventId);
    // The stored flag is set by the first step or join after the opening; a room nobody used since is open too.
    return { eventId, ...info, opened: info.opened || this.#options.clock() >= info.opensAt };
  }

  /** Deletes the event's room and every ticket in it (tokens already issued still verify until they expire). */
  async remove(eventId: string): Promise<void> {
    this.#open();
    const keys = roomKeys(this.#options.prefix, checkEventId(eventId));
    await scripts.remove.run(
      this.#options.redis,
      [keys.room, keys.queue, keys.tickets, keys.undecided, keys.samples],
      [],
    );
  }

  on<E extends WaitingRoomEventName>(event: E, listener: WaitingRoomListener<E>): void {
    this.#events.on(event, listener);
  }

  off<E extends WaitingRoomEventName>(event: E, listener: WaitingRoomListener<E>): void {
    this.#events.off(event, listener);
  }

  /** Stops this instance's admission steps and ends its watches. The Redis client stays open (it is yours). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#watchers.close();
    await this.#ticker.close();
  }

  #ticket(row: TicketRow, eventId: string, identity: string, now: number): Promise<Ticket> {
    return buildTicket(row, { eventId, identity, now, tokens: this.#tokens });
  }

  /** One step of the automatic loop; false stops the loop (the room is gone). */
  async #loopStep(eventId: string): Promise<boolean> {
    try {
      await this.tick(eventId);
      return true;
    } catch (error) {
      if (error instanceof RoomNotFoundError || error instanceof RoomClosedError) return false;
      this.#events.emit("room:error", { eventId, operation: "tick", error });
      return true;
    }
  }

  #open(): void {
    if (this.#closed) throw new RoomClosedError();
  }
}
