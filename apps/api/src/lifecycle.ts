/** Shared between the app and the listener: set when shutdown begins so health turns DOWN and keep-alive ends. */
export interface Lifecycle {
  shuttingDown: boolean;
}

export function createLifecycle(): Lifecycle {
  return { shuttingDown: false };
}
