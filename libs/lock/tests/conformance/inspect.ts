import type { LockManager } from "../../src/index.js";
import type { Capabilities, Subject } from "../conformance.js";
import { sleep } from "../helpers.js";

/** `inspect()`: who holds a resource and how many wait, read without acquiring. */
export function inspectTests(subject: Subject, resource: () => string, capabilities: Capabilities): void {
  let locks: LockManager;
  let other: LockManager;
  beforeAll(() => {
    ({ locks, other } = subject);
  });

  test("reports a free resource as not held, with nobody queued, and leaves it free", async () => {
    const r = resource();
    expect(await locks.inspect(r)).toEqual({ resource: r, held: false, holders: [], permits: 0, queued: 0 });
    const lock = await other.tryAcquire(r);
    expect(lock).not.toBeNull();
    await lock?.release();
  });

  test("reports the holder's fence and expiry and the waiters queued at the store, without acquiring", async () => {
    const [r, s] = [resource(), resource()].sort() as [string, string];
    const before = Date.now();
    const held = await other.acquire(r, { ttlMs: 5_000 });
    // A multi-resource wait queues at the store even behind a holder of its own instance.
    const waiting = locks.acquire([r, s], { waitMs: 30_000 });
    await sleep(100);
    const info = await locks.inspect(r);
    const after = Date.now();
    expect(info).toMatchObject({ resource: r, held: true, permits: 1, queued: capabilities.fifo ? 1 : 0 });
    expect(info.holders).toEqual([{ fence: held.fence, expiresAt: expect.any(Number), permits: 1 }]);
    expect(info.holders[0]!.expiresAt).toBeGreaterThan(before);
    expect(info.holders[0]!.expiresAt).toBeLessThanOrEqual(after + 5_000);
    expect(await locks.tryAcquire(r)).toBeNull();
    await held.release();
    const next = await waiting;
    expect((await other.inspect(r)).holders).toEqual([
      { fence: next.fences[0], expiresAt: expect.any(Number), permits: 1 },
    ]);
    await next.release();
    expect((await other.inspect(r)).held).toBe(false);
  });

  if (capabilities.semaphore)
    test("reports every holder of a semaphore with its permits, and the permits taken", async () => {
      const r = resource();
      const one = await locks.acquire(r, { limit: 4, ttlMs: 5_000 });
      const two = await other.acquire(r, { limit: 4, permits: 2, ttlMs: 10_000 });
      const info = await locks.inspect(r, { limit: 4 });
      expect(info).toMatchObject({ resource: r, held: true, permits: 3, queued: 0 });
      expect(info.holders).toEqual([
        { fence: one.fence, expiresAt: expect.any(Number), permits: 1 },
        { fence: two.fence, expiresAt: expect.any(Number), permits: 2 },
      ]);
      // The mutex of the same name is another lock.
      expect((await locks.inspect(r)).held).toBe(false);
      await Promise.all([one.release(), two.release()]);
      expect((await locks.inspect(r, { limit: 4 })).permits).toBe(0);
    });
}
