import { setTimeout as sleep } from "node:timers/promises";
import type { Lock } from "../src/index.js";

export { sleep };

/** Resolves once the lock's signal has aborted, with the abort reason. */
export function lost(lock: Lock): Promise<unknown> {
  if (lock.signal.aborted) return Promise.resolve(lock.signal.reason);
  return new Promise((resolve) =>
    lock.signal.addEventListener("abort", () => resolve(lock.signal.reason), { once: true }),
  );
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code?: string } & Error> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string } & Error;
  }
  throw new Error("expected a rejection");
}
