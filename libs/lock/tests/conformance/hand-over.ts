import type { LockManager } from "../../src/index.js";
import type { Capabilities, Subject } from "../conformance.js";
import { rejection, sleep } from "../helpers.js";

/** `lock.handOver()` and `locks.resume()`: a lock taken up by another process. */
export function handOverTests(subject: Subject, resource: () => string, capabilities: Capabilities): void {
  let locks: LockManager;
  let other: LockManager;
  beforeAll(() => {
    ({ locks, other } = subject);
  });

  test("hands a lock over to another instance, which extends and releases it", async () => {
    const r = resource();
    const lock = await locks.acquire(r, { ttlMs: 2_000 });
    // The hand-over travels as JSON, as it would in a job queue.
    const handOver = JSON.parse(JSON.stringify(await lock.handOver()));
    const resumed = await other.resume(handOver, { ttlMs: 10_000 });
    expect(resumed).toMatchObject({ resources: [r], token: lock.token, fence: lock.fence });
    // The first holder no longer releases or extends it.
    await lock.release();
    expect(await locks.tryAcquire(r)).toBeNull();
    await sleep(2_300);
    expect(await locks.tryAcquire(r)).toBeNull();
    await resumed.extend(5_000);
    await resumed.release();
    const next = await locks.tryAcquire(r);
    expect(next?.fence).toBeGreaterThan(lock.fence);
    await next?.release();
  });

  test("hands the lock on to the callers queued behind the first holder once the resumer releases it", async () => {
    const r = resource();
    const lock = await locks.acquire(r);
    const waiting = locks.acquire(r, { waitMs: 30_000 });
    const resumed = await other.resume(await lock.handOver());
    await resumed.release();
    const next = await waiting;
    expect(next.fence).toBeGreaterThan(lock.fence);
    await next.release();
  });

  test("refuses to resume a lock that expired, or that was released, with E_LOCK_NOT_OWNED", async () => {
    const r = resource();
    const expiring = await locks.acquire(r, { ttlMs: 1_000 });
    const stale = await expiring.handOver();
    // Past the TTL: the handed-over lock has expired in the store.
    await sleep(1_300);
    expect((await rejection(other.resume(stale))).code).toBe("E_LOCK_NOT_OWNED");
    const released = await locks.acquire(r);
    const handOver = await released.handOver();
    const resumed = await other.resume(handOver);
    await resumed.release();
    expect((await rejection(other.resume(handOver))).code).toBe("E_LOCK_NOT_OWNED");
    expect(await locks.tryAcquire(r)).not.toBeNull();
  });

  test("refuses to hand over a lock it no longer holds", async () => {
    const lock = await locks.acquire(resource());
    await lock.release();
    expect((await rejection(lock.handOver())).code).toBe("E_LOCK_NOT_OWNED");
  });

  test("resumes a multi-resource lock with its fences", async () => {
    const names = [resource(), resource(), resource()].sort();
    const lock = await locks.acquire(names);
    const resumed = await other.resume(await lock.handOver());
    expect(resumed.resources).toEqual(names);
    expect(resumed.fences).toEqual(lock.fences);
    await resumed.release();
    const again = await locks.tryAcquire(names);
    expect(again).not.toBeNull();
    await again?.release();
  });

  if (capabilities.semaphore)
    test("resumes semaphore permits", async () => {
      const r = resource();
      const lock = await locks.acquire(r, { limit: 3, permits: 2, ttlMs: 1_000 });
      const resumed = await other.resume(await lock.handOver(), { ttlMs: 10_000 });
      await sleep(1_300);
      expect(await locks.tryAcquire(r, { limit: 3, permits: 2 })).toBeNull();
      await resumed.release();
      const all = await locks.tryAcquire(r, { limit: 3, permits: 3 });
      expect(all).not.toBeNull();
      await all?.release();
    });
}
