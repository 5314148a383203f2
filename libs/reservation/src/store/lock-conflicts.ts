import { sleep } from "../sleep.js";
import type { DbFailure } from "./db-errors.js";

/** A deadlock victim or lock-wait timeout rolled everything back, so the whole transaction runs again (3 retries). */
export async function retryLockConflicts<T>(
  run: () => Promise<T>,
  classify: (error: unknown) => DbFailure,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 3 || classify(error) !== "lock-conflict") throw error;
      await sleep(5 * 2 ** attempt);
    }
  }
}
