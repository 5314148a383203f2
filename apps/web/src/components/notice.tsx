import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export interface NoticeProps {
  kind: "error" | "success" | "info";
  /** Moves the keyboard focus to the notice when it appears (after an action the user took). */
  focus?: boolean;
  children: ComponentChildren;
}

/**
 * A message after an action or a failed load. Errors are `role="alert"` (read at once), the rest `role="status"`; with
 * `focus`, the notice takes the focus so keyboard and screen-reader users land on the outcome.
 */
export function Notice({ kind, focus = false, children }: NoticeProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div ref={ref} class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"} tabIndex={-1}>
      {children}
    </div>
  );
}
