import { useEffect, useRef, useState } from "preact/hooks";

/** How often live numbers (availability, the operator's figures) are read again while a page shows them. */
export const LIVE_INTERVAL_MS = 2000;

export interface Polled<T> {
  /** The last answer; kept when a later poll fails. */
  data: T | undefined;
  /** The error of the last poll, cleared by the next success. */
  problem: unknown;
  /** Polls now (the next poll is scheduled from its end). */
  reload(): void;
}

/**
 * Loads now, then again `intervalMs` after each answer (never two at once); pauses while the tab is hidden and polls
 * as soon as it is shown again. `intervalMs` 0 loads once. A change in `inputs` (what `load` reads) polls at once.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  inputs: readonly unknown[] = [],
): Polled<T> {
  const [state, setState] = useState<{ data?: T; problem?: unknown }>({});
  const loader = useRef(load);
  loader.current = load;
  const trigger = useRef<() => void>(() => {});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let again = false;
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      clearTimeout(timer);
      running = true;
      try {
        const data = await loader.current(controller.signal);
        if (!controller.signal.aborted) setState({ data });
      } catch (error) {
        if (!controller.signal.aborted) setState((previous) => ({ data: previous.data, problem: error }));
      } finally {
        running = false;
      }
      if (controller.signal.aborted) return;
      if (again) {
        again = false;
        void run();
      } else if (intervalMs > 0 && !document.hidden) {
        timer = setTimeout(run, intervalMs);
      }
    };
    const onVisibility = () => {
      if (!document.hidden) void run();
    };
    trigger.current = () => void run();
    document.addEventListener("visibilitychange", onVisibility);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [intervalMs, ...inputs]);

  return {
    data: state.data,
    problem: state.problem,
    reload: () => trigger.current(),
  };
}
