import { setMaxListeners } from "node:events";

/** Shared between the app and the listener: set when shutdown begins so health turns DOWN and keep-alive ends. */
export interface Lifecycle {
  shuttingDown: boolean;
  /** Aborts when shutdown begins: long-lived responses (event streams) end then, instead of holding the drain. */
  readonly signal: AbortSignal;
}

export function createLifecycle(): Lifecycle {
  const controller = new AbortController();
  // Every open event stream listens for the shutdown: any number of them is expected.
  setMaxListeners(0, controller.signal);
  return {
    get shuttingDown() {
      return controller.signal.aborted;
    },
    set shuttingDown(value: boolean) {
      if (value) controller.abort();
    },
    signal: controller.signal,
  };
}
