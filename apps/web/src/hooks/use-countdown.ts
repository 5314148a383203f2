import { useEffect, useState } from "preact/hooks";

/**
 * Milliseconds left until `deadline` (epoch ms), re-rendered as each whole second passes (the timer aims at the
 * next second boundary of the time left, so the clock does not drift); 0 once it has passed, null without a
 * deadline.
 */
export function useCountdown(deadline: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const current = Date.now();
      setNow(current);
      const left = deadline - current;
      if (left <= 0) return;
      timer = setTimeout(schedule, (left % 1000 || 1000) + 5);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [deadline]);
  return deadline === null ? null : Math.max(0, deadline - now);
}
