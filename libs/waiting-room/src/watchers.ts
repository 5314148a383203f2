import type { TickResult } from "./tick-result.js";

/** The admission steps of one event as this instance sees them, newest only: a slow reader skips, never queues. */
export interface StepSubscription extends AsyncIterable<TickResult> {
  close(): void;
}

class Subscription implements StepSubscription {
  #latest: TickResult | undefined;
  #wake: (() => void) | undefined;
  #done = false;
  readonly #onClose: () => void;

  constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  push(step: TickResult): void {
    this.#latest = step;
    this.#wake?.();
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#onClose();
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TickResult> {
    while (!this.#done) {
      const step = this.#latest;
      if (step) {
        this.#latest = undefined;
        yield step;
        continue;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}

/** Fans each admission step out to this instance's watchers of that event. */
export class Watchers {
  readonly #byEvent = new Map<string, Set<Subscription>>();

  subscribe(eventId: string, signal?: AbortSignal): StepSubscription {
    const set = this.#byEvent.get(eventId) ?? new Set<Subscription>();
    this.#byEvent.set(eventId, set);
    const subscription: Subscription = new Subscription(() => {
      set.delete(subscription);
      if (set.size === 0 && this.#byEvent.get(eventId) === set) this.#byEvent.delete(eventId);
      signal?.removeEventListener("abort", onAbort);
    });
    const onAbort = () => subscription.close();
    set.add(subscription);
    if (signal?.aborted) subscription.close();
    else signal?.addEventListener("abort", onAbort, { once: true });
    return subscription;
  }

  publish(step: TickResult): void {
    for (const subscription of this.#byEvent.get(step.eventId) ?? []) subscription.push(step);
  }

  /** How many watchers this instance has for the event. */
  count(eventId: string): number {
    return this.#byEvent.get(eventId)?.size ?? 0;
  }

  close(): void {
    for (const set of [...this.#byEvent.values()]) for (const subscription of [...set]) subscription.close();
  }
}
