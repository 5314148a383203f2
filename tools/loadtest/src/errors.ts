/** Base of every error the load-test tools throw; `code` is stable for scripts. */
export class LoadTestError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "LoadTestError";
  }
}

/** A command-line flag or option that cannot be used, reported before any request is sent. */
export class InvalidOptionError extends LoadTestError {
  readonly option: string;
  readonly value: unknown;
  constructor(option: string, value: unknown, expected: string) {
    super("E_INVALID_OPTION", `--${option}: expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = "InvalidOptionError";
    this.option = option;
    this.value = value;
  }
}

/** The API answered a setup call (create event, read state) with something other than what the contract says. */
export class UnexpectedResponseError extends LoadTestError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: string;
  constructor(method: string, path: string, status: number, body: string, options?: { cause?: unknown }) {
    super("E_UNEXPECTED_RESPONSE", `${method} ${path} answered ${status}: ${body.slice(0, 300)}`, options);
    this.name = "UnexpectedResponseError";
    this.method = method;
    this.path = path;
    this.status = status;
    this.body = body;
  }
}

/** A socket could not be opened or broke before an answer arrived. */
export class ConnectionError extends LoadTestError {
  readonly target: string;
  constructor(target: string, message: string, options?: { cause?: unknown }) {
    super("E_CONNECTION", `${target}: ${message}`, options);
    this.name = "ConnectionError";
    this.target = target;
  }
}
