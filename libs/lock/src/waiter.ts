import type { Handoff } from "./backend.js";

/** "interrupted": the engine's own signal fired (a multi-resource lock lost a resource it held while waiting). */
export type WaitOutcome = "handoff" | "recheck" | "aborted" | "interrupted";

/** One pending acquisition of one resource: parked until a hand-off, a re-check prompt, its timer, or an abort. */
export class Waiter {
  handoff: Handoff | undefined;
  /** The local clock and the store's clock at one attempt, to map a hand-off's store time to local time. */
  localAt = 0;
  storeAt = 0;
  #wake: ((outcome: WaitOutcome) => void) | undefined;

  deliver(handoff: Handoff): void {
    this.handoff = handoff;
    this.#wake?.("handoff");
  }

  resync(): void {
    this.#wake?.("recheck");
  }

  wait(ms: number, signal: AbortSignal | undefined, interrupt?: AbortSignal): Promise<WaitOutcome> {
    if (this.handoff) return Promise.resolve("handoff");
    if (signal?.aborted) return Promise.resolve("aborted");
    if (interrupt?.aborted) return Promise.resolve("interrupted");
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        interrupt?.removeEventListener("abort", onInterrupt);
        this.#wake = undefined;
        resolve(outcome);
      };
      const onAbort = () => finish("aborted");
      const onInterrupt = () => finish("interrupted");
      const timer = setTimeout(() => finish("recheck"), Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
      interrupt?.addEventListener("abort", onInterrupt, { once: true });
      this.#wake = finish;
    });
  }
}
