import type { LockManager } from "../src/index.js";
import { eventTests } from "./conformance/events.js";
import { handOverTests } from "./conformance/hand-over.js";
import { inspectTests } from "./conformance/inspect.js";
import { mutexTests } from "./conformance/mutex.js";
import { semaphoreTests } from "./conformance/semaphore.js";

export interface Subject {
  locks: LockManager;
  /** A second, independent instance on the same store (another process, in effect). */
  other: LockManager;
}

export interface Capabilities {
  /** Waiters are served in arrival order (false for Redlock, which retries with jitter). */
  fifo: boolean;
  /** Counting semaphores (`limit` > 1); Redlock refuses them. */
  semaphore: boolean;
}

/** Behaviour every Locks implementation must show; run against each of them. */
export function conformance(name: string, setup: () => Promise<Subject>, capabilities: Capabilities): void {
  describe(`${name} (conformance)`, () => {
    const subject = {} as Subject;
    let n = 0;
    const resource = () => `r${n++}:${Math.random().toString(36).slice(2)}`;

    beforeAll(async () => {
      Object.assign(subject, await setup());
    });

    mutexTests(subject, resource, capabilities);
    semaphoreTests(subject, resource, capabilities);
    inspectTests(subject, resource, capabilities);
    handOverTests(subject, resource, capabilities);
    eventTests(subject, resource);
  });
}
