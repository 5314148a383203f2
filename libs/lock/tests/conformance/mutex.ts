import type { LockManager } from "../../src/index.js";
import type { Capabilities, Subject } from "../conformance.js";
import { lost, rejection, sleep } from "../helpers.js";

/** Mutexes: grant, exclusion, fences, expiry, extension, release, waiting, withLock, multi-resource. */
export function mutexTests(subject: Subject, resource: () => string, capabilities: Capabilities): void {
  let locks: LockManager;
  let other: LockManager;
  beforeAll(() => {
    ({ locks, other } = subject);
  });

  test("grants a lock with a unique token, a positive fence and a future expiry", async () => {
    const r = resource();
    const lock = await locks.acquire(r, { ttlMs: 5_000 });
    expect(lock.resource).toBe(r);
    expect(lock.resources).toEqual([r]);
    expect(lock.fence).toBeGreaterThan(0);
    expect(lock.expiresAt).toBeGreaterThan(Date.now());
    expect(lock.signal.aborted).toBe(false);
    await lock.release();
    const again = await locks.acquire(r);
    expect(again.token).not.toBe(lock.token);
    expect(again.fence).toBeGreaterThan(lock.fence);
    await again.release();
  });

  test("tryAcquire returns null while another owner holds the resource, and the lock once it is released", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    expect(await other.tryAcquire(r)).toBeNull();
    await held.release();
    const lock = await other.tryAcquire(r);
    expect(lock).not.toBeNull();
    await lock?.release();
  });

  test("keeps a non-atomic read-modify-write exclusive across 64 contenders", async () => {
    const r = resource();
    let counter = 0;
    let inside = 0;
    let overlap = false;
    await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        (i % 2 ? locks : other).withLock(
          r,
          async () => {
            inside++;
            if (inside > 1) overlap = true;
            const read = counter;
            await sleep(0);
            counter = read + 1;
            inside--;
          },
          { waitMs: 30_000 },
        ),
      ),
    );
    expect(overlap).toBe(false);
    expect(counter).toBe(64);
  });

  test("gives a strictly greater fence after the previous holder's lock expired", async () => {
    const r = resource();
    const first = await locks.acquire(r, { ttlMs: 1_000 });
    expect((await lost(first)) as { code: string }).toMatchObject({
      code: "E_LOCK_LOST",
      reason: "expired",
    });
    await sleep(20);
    const second = await other.acquire(r, { waitMs: 5_000 });
    expect(second.fence).toBeGreaterThan(first.fence);
    await second.release();
    await first.release();
  });

  test("refuses to release a lock it no longer owns", async () => {
    const r = resource();
    const stale = await locks.acquire(r, { ttlMs: 1_000 });
    await lost(stale);
    await sleep(20);
    const current = await other.acquire(r, { waitMs: 5_000, ttlMs: 10_000 });
    await stale.release();
    expect(await locks.tryAcquire(r)).toBeNull();
    expect(current.signal.aborted).toBe(false);
    await current.release();
  });

  test("extends a held lock past its original TTL", async () => {
    const r = resource();
    const lock = await locks.acquire(r, { ttlMs: 2_000 });
    await lock.extend(10_000);
    expect(lock.expiresAt).toBeGreaterThan(Date.now() + 5_000);
    await sleep(2_300);
    expect(await other.tryAcquire(r)).toBeNull();
    expect(lock.signal.aborted).toBe(false);
    await lock.release();
  });

  test("refuses to extend a lock that expired, and reports it lost", async () => {
    const r = resource();
    const lock = await locks.acquire(r, { ttlMs: 1_000 });
    await lost(lock);
    const error = await rejection(lock.extend(1_000));
    expect(error.code).toBe("E_LOCK_NOT_OWNED");
  });

  test("refuses to extend a lock after it was released", async () => {
    const lock = await locks.acquire(resource());
    await lock.release();
    expect((await rejection(lock.extend())).code).toBe("E_LOCK_NOT_OWNED");
  });

  test("releases idempotently", async () => {
    const r = resource();
    const lock = await locks.acquire(r);
    await Promise.all([lock.release(), lock.release()]);
    await lock.release();
    const next = await other.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("aborts the lock's signal when the holder stalls past its TTL", async () => {
    const lock = await locks.acquire(resource(), { ttlMs: 1_000 });
    const reason = await lost(lock);
    expect(reason).toMatchObject({ code: "E_LOCK_LOST", reason: "expired" });
    await lock.release();
  });

  test("times out a wait with E_LOCK_TIMEOUT and the time waited", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    const started = Date.now();
    const error = await rejection(other.acquire(r, { waitMs: 150 }));
    expect(error).toMatchObject({ code: "E_LOCK_TIMEOUT", resources: [r] });
    expect((error as unknown as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await held.release();
    const next = await other.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("acquire with waitMs 0 makes one attempt and times out", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    expect((await rejection(other.acquire(r, { waitMs: 0 }))).code).toBe("E_LOCK_TIMEOUT");
    await held.release();
  });

  test("ends a wait when its AbortSignal fires, leaving the resource free for others", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    const controller = new AbortController();
    const waiting = other.acquire(r, { waitMs: 30_000, signal: controller.signal });
    await sleep(50);
    controller.abort(new Error("user left"));
    const error = await rejection(waiting);
    expect(error.code).toBe("E_LOCK_ABORTED");
    expect(error.cause).toEqual(new Error("user left"));
    await held.release();
    const next = await locks.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("rejects at once when the signal is already aborted", async () => {
    const error = await rejection(locks.acquire(resource(), { signal: AbortSignal.abort() }));
    expect(error.code).toBe("E_LOCK_ABORTED");
  });

  test("serves callers of one instance one at a time, each with a greater fence", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    const order: number[] = [];
    const fences: number[] = [];
    const waiters = Array.from({ length: 5 }, (_, i) =>
      locks.acquire(r, { waitMs: 20_000 }).then(async (lock) => {
        order.push(i);
        fences.push(lock.fence);
        await lock.release();
      }),
    );
    await held.release();
    await Promise.all(waiters);
    expect(fences).toEqual([...fences].sort((a, b) => a - b));
    expect(new Set(fences).size).toBe(5);
    expect(fences[0]).toBeGreaterThan(held.fence);
    if (capabilities.fifo) {
      expect(order).toEqual([0, 1, 2, 3, 4]);
      expect(fences).toEqual([1, 2, 3, 4, 5].map((step) => held.fence + step));
    }
    const after = await other.tryAcquire(r);
    expect(after?.fence).toBeGreaterThan(fences[4] as number);
    await after?.release();
  });

  test("tryAcquire returns null while a caller of the same instance holds the resource", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    expect(await locks.tryAcquire(r)).toBeNull();
    await held.release();
    const lock = await locks.tryAcquire(r);
    expect(lock).not.toBeNull();
    await lock?.release();
  });

  test("times out and aborts waits queued behind a holder of the same instance, and still serves the rest", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    const controller = new AbortController();
    const aborted = locks.acquire(r, { waitMs: 30_000, signal: controller.signal });
    const timedOut = locks.acquire(r, { waitMs: 100 });
    const patient = locks.acquire(r, { waitMs: 30_000 });
    expect((await rejection(timedOut)).code).toBe("E_LOCK_TIMEOUT");
    controller.abort();
    expect((await rejection(aborted)).code).toBe("E_LOCK_ABORTED");
    await held.release();
    const next = await patient;
    expect(next.fence).toBeGreaterThan(held.fence);
    await next.release();
  });

  test("serves a caller of the same instance once the holder's lock expired unreleased", async () => {
    const r = resource();
    const dead = await locks.acquire(r, { ttlMs: 1_000 });
    const lock = await locks.acquire(r, { waitMs: 10_000 });
    expect(lock.fence).toBeGreaterThan(dead.fence);
    expect(dead.signal.aborted).toBe(true);
    await lock.release();
    await dead.release();
    expect(lock.signal.aborted).toBe(false);
  });

  test("a lock passed within the instance can be extended and released at once", async () => {
    const r = resource();
    const held = await locks.acquire(r);
    const waiting = locks.acquire(r, { waitMs: 10_000, ttlMs: 2_000 });
    await held.release();
    const next = await waiting;
    await next.extend(20_000);
    expect(next.expiresAt).toBeGreaterThan(Date.now() + 10_000);
    await next.release();
    const after = await other.tryAcquire(r);
    expect(after).not.toBeNull();
    await after?.release();
  });

  test("recovers a lock whose holder died without releasing it", async () => {
    const r = resource();
    const dead = await other.acquire(r, { ttlMs: 1_000 });
    const lock = await locks.acquire(r, { waitMs: 10_000 });
    expect(lock.fence).toBeGreaterThan(dead.fence);
    await lock.release();
  });

  if (capabilities.fifo) {
    test("serves waiters in arrival order", async () => {
      const r = resource();
      const held = await locks.acquire(r);
      const order: number[] = [];
      // One instance: calls on one connection reach the store in call order.
      const waiters = Array.from({ length: 6 }, (_, i) =>
        other.acquire(r, { waitMs: 20_000 }).then(async (lock) => {
          order.push(i);
          await lock.release();
        }),
      );
      await sleep(100);
      await held.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    });
  }

  test("withLock keeps the lock alive while fn runs past the TTL and releases it afterwards", async () => {
    const r = resource();
    const result = await locks.withLock(
      r,
      async (lock, signal) => {
        await sleep(2_500);
        expect(signal.aborted).toBe(false);
        expect(await other.tryAcquire(r)).toBeNull();
        return lock.fence;
      },
      { ttlMs: 1_000 },
    );
    expect(result).toBeGreaterThan(0);
    const next = await other.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("withLock releases when fn throws and rethrows fn's error", async () => {
    const r = resource();
    await expect(
      locks.withLock(r, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const next = await other.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("releases at the end of an `await using` scope", async () => {
    const r = resource();
    {
      await using lock = await locks.acquire(r);
      expect(lock.fence).toBeGreaterThan(0);
      expect(await other.tryAcquire(r)).toBeNull();
    }
    const next = await other.tryAcquire(r);
    expect(next).not.toBeNull();
    await next?.release();
  });

  test("acquires several resources all-or-nothing", async () => {
    const [a, b, c] = [resource(), resource(), resource()] as [string, string, string];
    const held = await other.acquire(b);
    expect(await locks.tryAcquire([c, a, b])).toBeNull();
    const free = await other.tryAcquire([a, c]);
    expect(free?.resources).toEqual([a, c].sort());
    await free?.release();
    await held.release();
    const all = await locks.acquire([c, b, a, b]);
    expect(all.resources).toEqual([a, b, c].sort());
    expect(all.fences).toHaveLength(3);
    expect(all.fence).toBe(all.fences[0]);
    await all.release();
  });

  test("keeps the resources it already holds alive while it waits for the rest, and lets nobody else in", async () => {
    const [a, b] = [resource(), resource()].sort() as [string, string];
    const blocker = await other.acquire(b, { ttlMs: 60_000 });
    const waiting = locks.acquire([a, b], { ttlMs: 1_500, waitMs: 30_000 });
    waiting.catch(() => {}); // awaited below; a failed expectation must not leave it unhandled
    // Three TTLs: without upkeep, the lock on `a` would have expired twice over.
    await sleep(4_500);
    expect(await other.tryAcquire(a)).toBeNull();
    await blocker.release();
    const both = await waiting;
    expect(both.resources).toEqual([a, b]);
    expect(both.signal.aborted).toBe(false);
    expect(await other.tryAcquire(a)).toBeNull();
    await both.release();
  });

  test("never deadlocks when contenders ask for the same resources in different orders", async () => {
    const names = [resource(), resource(), resource()];
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const order = i % 2 ? [...names].reverse() : [...names];
        return (i % 3 ? locks : other).withLock(
          order,
          async () => {
            await sleep(2);
            done++;
          },
          { waitMs: 30_000 },
        );
      }),
    );
    expect(done).toBe(12);
  });
}
