import type { LockManager } from "../../src/index.js";
import type { Capabilities, Subject } from "../conformance.js";
import { lost, sleep } from "../helpers.js";

/** Counting semaphores, for the implementations that have them. */
export function semaphoreTests(subject: Subject, resource: () => string, capabilities: Capabilities): void {
  let locks: LockManager;
  let other: LockManager;
  beforeAll(() => {
    ({ locks, other } = subject);
  });

  if (!capabilities.semaphore) {
    test("refuses a semaphore (limit > 1) with E_LOCK_INVALID_ARGUMENT, before any I/O", async () => {
      await expect(locks.acquire(resource(), { limit: 2 })).rejects.toMatchObject({
        code: "E_LOCK_INVALID_ARGUMENT",
        argument: "limit",
      });
      await expect(locks.inspect(resource(), { limit: 2 })).rejects.toMatchObject({ argument: "limit" });
    });
    return;
  }

  test("admits at most `limit` holders of a semaphore", async () => {
    const r = resource();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? locks : other).withLock(
          r,
          async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(20);
            inside--;
          },
          { limit: 3, waitMs: 30_000 },
        ),
      ),
    );
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(0);
  });

  test("gives semaphore holders distinct, increasing fences and refuses a stale release", async () => {
    const r = resource();
    const a = await locks.acquire(r, { limit: 2 });
    const b = await other.acquire(r, { limit: 2 });
    expect(b.fence).toBeGreaterThan(a.fence);
    expect(await locks.tryAcquire(r, { limit: 2 })).toBeNull();
    await a.release();
    const c = await locks.acquire(r, { limit: 2, ttlMs: 1_000 });
    await lost(c);
    await c.release();
    const d = await other.acquire(r, { limit: 2, waitMs: 5_000 });
    expect(d.fence).toBeGreaterThan(c.fence);
    await Promise.all([b.release(), d.release()]);
  });

  test("takes several permits at once and admits others only while the total stays within the limit", async () => {
    const r = resource();
    const big = await locks.acquire(r, { limit: 5, permits: 3 });
    expect(await other.tryAcquire(r, { limit: 5, permits: 3 })).toBeNull();
    const small = await other.acquire(r, { limit: 5, permits: 2 });
    expect(small.fence).toBeGreaterThan(big.fence);
    expect(await other.tryAcquire(r, { limit: 5 })).toBeNull();
    await big.release();
    const again = await other.acquire(r, { limit: 5, permits: 3, waitMs: 5_000 });
    await Promise.all([small.release(), again.release()]);
    const all = await locks.tryAcquire(r, { limit: 5, permits: 5 });
    expect(all).not.toBeNull();
    await all?.release();
  });

  test("serves a queued request for several permits before a smaller one queued after it", async () => {
    const r = resource();
    const holder = await locks.acquire(r, { limit: 4, permits: 3 });
    const order: string[] = [];
    const large = other.acquire(r, { limit: 4, permits: 2, waitMs: 30_000 }).then((lock) => {
      order.push("large");
      return lock;
    });
    await sleep(50);
    // One permit is free, but the request queued first needs two: this one waits its turn instead of overtaking.
    const small = other.acquire(r, { limit: 4, permits: 1, waitMs: 30_000 }).then((lock) => {
      order.push("small");
      return lock;
    });
    await sleep(50);
    expect(order).toEqual([]);
    await holder.release();
    const granted = await Promise.all([large, small]);
    expect(order).toEqual(["large", "small"]);
    await Promise.all(granted.map((lock) => lock.release()));
  });

  test("extends and releases every permit it holds", async () => {
    const r = resource();
    const lock = await locks.acquire(r, { limit: 4, permits: 3, ttlMs: 1_000 });
    await lock.extend(10_000);
    await sleep(1_500);
    expect(await other.tryAcquire(r, { limit: 4, permits: 2 })).toBeNull();
    await lock.release();
    const all = await other.tryAcquire(r, { limit: 4, permits: 4 });
    expect(all).not.toBeNull();
    await all?.release();
  });
}
