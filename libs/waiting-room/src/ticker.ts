interface Loop {
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  again: boolean;
}

export interface TickerOptions {
  /** Pause between two steps of one event, in ms; 0 disables the loops (every step is an explicit call). */
  readonly everyMs: number;
  /** One admission step; false stops that event's loop (its room is gone). */
  readonly step: (eventId: string) => Promise<boolean>;
}

/**
 * One admission loop per event this instance has served: a step, a pause, a step. Steps of one event never overlap in
 * one instance (other instances run theirs; the script is atomic). Timers are unref'd: they never keep a process
 * alive on their own.
 */
export class Ticker {
  readonly #options: TickerOptions;
  readonly #loops = new Map<string, Loop>();
  #closed = false;

  constructor(options: TickerOptions) {
    this.#options = options;
  }

  /** Starts the event's loop unless it runs already. */
  ensure(eventId: string): void {
    this.#start(eventId, this.#options.everyMs);
  }

  /** Runs the event's next step now rather than after the pause (seats came back, a slot was settled). */
  nudge(eventId: string): void {
    const loop = this.#loops.get(eventId);
    if (!loop) return this.#start(eventId, 0);
    if (loop.running) {
      loop.again = true;
      return;
    }
    clearTimeout(loop.timer);
    this.#schedule(eventId, loop, 0);
  }

  /** Stops every loop and waits for the steps in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#loops.values()].map((loop) => {
      clearTimeout(loop.timer);
      return loop.running;
    });
    this.#loops.clear();
    await Promise.all(running);
  }

  #start(eventId: string, delayMs: number): void {
    if (this.#options.everyMs === 0 || this.#closed || this.#loops.has(eventId)) return;
    const loop: Loop = { timer: undefined, running: undefined, again: false };
    this.#loops.set(eventId, loop);
    this.#schedule(eventId, loop, delayMs);
  }

  #schedule(eventId: string, loop: Loop, delayMs: number): void {
    loop.timer = setTimeout(() => {
      loop.timer = undefined;
      loop.running = this.#run(eventId, loop);
    }, delayMs);
    loop.timer.unref();
  }

  async #run(eventId: string, loop: Loop): Promise<void> {
    let keep = true;
    do {
      loop.again = false;
      keep = await this.#options.step(eventId);
    } while (keep && loop.again && !this.#closed);
    loop.running = undefined;
    if (this.#loops.get(eventId) !== loop) return;
    if (keep) this.#schedule(eventId, loop, this.#options.everyMs);
    else this.#loops.delete(eventId);
  }
}
