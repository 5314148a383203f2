import { useEffect, useState } from "preact/hooks";

/**
 * Milliseconds left until `deadline` (epoch ms on the server's clock), re-rendered as each whole second passes (the
 * timer aims at the next second boundary of the time left, so the clock does not drift); 0 once it has passed, null
 * without a deadline. `clockOffsetMs` is how far the server's clock is ahead of the browser's.
 */
export function useCountdown(deadline: number | null, clockOffsetMs = 0): number | null {
  const serverNow = () => Date.now() + clockOffsetMs;
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    if (deadline === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const current = serverNow();
      setNow(current);
      const left = deadline - current;
      if (left <= 0) return;
      timer = setTimeout(schedule, (left % 1000 || 1000) + 5);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [deadline, clockOffsetMs]);
  return deadline === null ? null : Math.max(0, deadline - now);
}
