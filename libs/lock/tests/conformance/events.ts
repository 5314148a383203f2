import type { Lock, LockEvents, LockManager } from "../../src/index.js";
import type { Subject } from "../conformance.js";
import { lost, rejection } from "../helpers.js";

/** The typed `lock:*` events. */
export function eventTests(subject: Subject, resource: () => string): void {
  let locks: LockManager;
  let other: LockManager;
  beforeAll(() => {
    ({ locks, other } = subject);
  });

  test("emits acquired, extended, released, lost and failed events", async () => {
    const seen: { [K in keyof LockEvents]?: LockEvents[K][] } = {};
    const record =
      <K extends keyof LockEvents>(name: K) =>
      (payload: LockEvents[K]) => {
        (seen[name] ??= [] as never[]).push(payload as never);
      };
    const listeners = {
      "lock:acquired": record("lock:acquired"),
      "lock:extended": record("lock:extended"),
      "lock:released": record("lock:released"),
      "lock:lost": record("lock:lost"),
      "lock:failed": record("lock:failed"),
    };
    for (const [event, listener] of Object.entries(listeners))
      locks.on(event as keyof LockEvents, listener as never);
    try {
      const r = resource();
      const lock: Lock = await locks.acquire(r);
      await lock.extend(5_000);
      await lock.release();
      const short = await locks.acquire(r, { ttlMs: 1_000 });
      await lost(short);
      const blocker = await other.acquire(r);
      await rejection(locks.acquire(r, { waitMs: 500 }));
      await blocker.release();
      expect(seen["lock:acquired"]?.[0]).toMatchObject({
        resources: [r],
        token: lock.token,
        fence: lock.fence,
      });
      expect(seen["lock:acquired"]?.[0]?.waitMs).toBeGreaterThanOrEqual(0);
      expect(seen["lock:extended"]?.[0]).toMatchObject({ token: lock.token });
      expect(seen["lock:released"]?.[0]).toMatchObject({ token: lock.token });
      expect(seen["lock:lost"]?.[0]).toMatchObject({ token: short.token, reason: "expired" });
      expect(seen["lock:failed"]?.[0]).toMatchObject({ resources: [r], reason: "timeout" });
    } finally {
      for (const [event, listener] of Object.entries(listeners))
        locks.off(event as keyof LockEvents, listener as never);
    }
  });
}
