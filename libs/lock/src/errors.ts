/** Base of every error this package throws; `code` is stable and safe to branch on. */
export class LockError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LockError";
    this.code = code;
  }
}

/** Bad input (empty or oversized resource name, ttl <= 0, NaN, negative wait), thrown before any I/O. */
export class LockArgumentError extends LockError {
  readonly argument: string;
  readonly value: unknown;

  constructor(argument: string, value: unknown, requirement: string) {
    super("E_LOCK_INVALID_ARGUMENT", `${argument} must be ${requirement}, got ${describe(value)}`);
    this.name = "LockArgumentError";
    this.argument = argument;
    this.value = value;
  }
}

/** `acquire()` waited `waitMs` without getting every resource. */
export class LockTimeoutError extends LockError {
  readonly resources: readonly string[];
  readonly waitedMs: number;
  readonly attempts: number;

  constructor(resources: readonly string[], waitedMs: number, attempts: number, cause?: unknown) {
    super(
      "E_LOCK_TIMEOUT",
      `timed out after ${waitedMs} ms waiting for ${resources.join(", ")} (${attempts} attempts)`,
      { cause },
    );
    this.name = "LockTimeoutError";
    this.resources = resources;
    this.waitedMs = waitedMs;
    this.attempts = attempts;
  }
}

/** The caller's AbortSignal ended the wait; nothing stays queued or held. */
export class LockAbortedError extends LockError {
  readonly resources: readonly string[];
  readonly waitedMs: number;

  constructor(resources: readonly string[], waitedMs: number, cause: unknown) {
    super("E_LOCK_ABORTED", `wait for ${resources.join(", ")} aborted after ${waitedMs} ms`, { cause });
    this.name = "LockAbortedError";
    this.resources = resources;
    this.waitedMs = waitedMs;
  }
}

export type LockLostReason = "expired" | "not-owner" | "unreachable";

/** The reason of `lock.signal` once the lock is no longer held: it expired, was taken over, or could not be extended. */
export class LockLostError extends LockError {
  readonly resources: readonly string[];
  readonly token: string;
  readonly reason: LockLostReason;
  readonly heldMs: number;

  constructor(
    resources: readonly string[],
    token: string,
    reason: LockLostReason,
    heldMs: number,
    cause?: unknown,
  ) {
    super("E_LOCK_LOST", `lock on ${resources.join(", ")} lost after ${heldMs} ms (${reason})`, { cause });
    this.name = "LockLostError";
    this.resources = resources;
    this.token = token;
    this.reason = reason;
    this.heldMs = heldMs;
  }
}

/** `extend()` was refused: the caller no longer owns the lock (released, expired, or someone else holds it). */
export class LockNotOwnedError extends LockError {
  readonly resources: readonly string[];
  readonly token: string;

  constructor(resources: readonly string[], token: string, cause?: unknown) {
    super("E_LOCK_NOT_OWNED", `lock on ${resources.join(", ")} is not owned by token ${token}`, { cause });
    this.name = "LockNotOwnedError";
    this.resources = resources;
    this.token = token;
  }
}

/** Redlock: fewer than a majority of nodes granted the lock within its validity time. */
export class LockQuorumError extends LockError {
  readonly resources: readonly string[];
  readonly granted: number;
  readonly quorum: number;
  readonly nodes: number;

  constructor(resources: readonly string[], granted: number, quorum: number, nodes: number, cause?: unknown) {
    super("E_LOCK_QUORUM", `${granted} of ${nodes} nodes granted ${resources.join(", ")}, ${quorum} needed`, {
      cause,
    });
    this.name = "LockQuorumError";
    this.resources = resources;
    this.granted = granted;
    this.quorum = quorum;
    this.nodes = nodes;
  }
}

/** Redis answered with an error or could not be reached while acquiring. Retryable. */
export class LockUnavailableError extends LockError {
  readonly resources: readonly string[];

  constructor(resources: readonly string[], cause: unknown) {
    super("E_LOCK_UNAVAILABLE", `lock store unavailable for ${resources.join(", ")}: ${String(cause)}`, {
      cause,
    });
    this.name = "LockUnavailableError";
    this.resources = resources;
  }
}

/** The Locks instance was closed. */
export class LockClosedError extends LockError {
  constructor() {
    super("E_LOCK_CLOSED", "this Locks instance is closed");
    this.name = "LockClosedError";
  }
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return String(value);
}
