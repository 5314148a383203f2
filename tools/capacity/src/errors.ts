/** Base of the simulation's errors; `code` is stable for scripts. */
export class CapacityError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "CapacityError";
  }
}

/** A setting, flag or traffic curve that cannot be simulated, reported before any step runs. */
export class InvalidSettingError extends CapacityError {
  readonly setting: string;
  readonly value: unknown;
  constructor(setting: string, value: unknown, expected: string) {
    super("E_INVALID_SETTING", `${setting}: expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = "InvalidSettingError";
    this.setting = setting;
    this.value = value;
  }
}
