import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useApp } from "../app-context";
import { Notice } from "../components/notice";

interface OutcomeState {
  kind: "success" | "error";
  content: ComponentChildren;
  /** Counts the attempts, so that each outcome's notice is new and takes the focus. */
  attempt: number;
}

export interface Outcome {
  succeed(content: ComponentChildren): void;
  /** A refusal or failure (shown as its sentence), or a sentence of the page's own. */
  fail(error: unknown): void;
  /** The notice of the last attempt, focused when it appears; null before the first. */
  notice: ComponentChildren;
}

/** The result of the last action the user took (reserve, cancel, create, sign in), as one focused notice. */
export function useOutcome(): Outcome {
  const { describe } = useApp();
  const [state, setState] = useState<OutcomeState | null>(null);
  const next = (kind: OutcomeState["kind"], content: ComponentChildren) =>
    setState((previous) => ({ kind, content, attempt: (previous?.attempt ?? 0) + 1 }));
  return {
    succeed: (content) => next("success", content),
    fail: (error) => next("error", typeof error === "string" ? error : describe(error)),
    notice: state && (
      <Notice key={state.attempt} kind={state.kind} focus>
        {state.content}
      </Notice>
    ),
  };
}
