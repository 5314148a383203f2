/** Raised when no server of the asked kind can be had; its message says what to install or set. */
export class ServerUnavailableError extends Error {
  override readonly name = "ServerUnavailableError";
  readonly code = "E_TEST_SERVER_UNAVAILABLE";

  constructor(
    readonly kind: "redis" | "mysql",
    readonly attempts: readonly string[],
    readonly remedy: string,
  ) {
    super(`No ${kind} server for the tests. Tried: ${attempts.join("; ")}. ${remedy}`);
  }
}

/** Raised when a server process this harness spawned did not come up. */
export class ServerStartError extends Error {
  override readonly name = "ServerStartError";
  readonly code = "E_TEST_SERVER_START";

  constructor(
    readonly command: string,
    readonly log: string,
    options?: { cause?: unknown },
  ) {
    super(`${command} did not start: ${log.trim().split("\n").slice(-5).join(" | ")}`, options);
  }
}
