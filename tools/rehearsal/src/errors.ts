/** Stable codes of the rehearsal's own failures (a failed check is a result, not an error). */
export type RehearsalErrorCode =
  "E_TERRAFORM_EXPRESSION" | "E_UNRESOLVED_REFERENCE" | "E_STACK_SHAPE" | "E_BOOT_SCRIPT" | "E_APP_START";

/** The rehearsal could not set up what one instance would run; `code` says which step. */
export class RehearsalError extends Error {
  override readonly name = "RehearsalError";
  readonly code: RehearsalErrorCode;

  constructor(code: RehearsalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
