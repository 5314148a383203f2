import { MemoryLocks } from "../src/index.js";
import { conformance } from "./conformance.js";

const instance = new MemoryLocks();
conformance("MemoryLocks", async () => ({ locks: instance, other: instance }), {
  fifo: true,
  semaphore: true,
});

afterAll(() => instance.close());

describe("MemoryLocks", () => {
  test("refuses new acquisitions once closed and releases what it held", async () => {
    const locks = new MemoryLocks();
    const lock = await locks.acquire("a");
    await locks.close();
    expect(lock.signal.aborted).toBe(false);
    await expect(locks.acquire("a")).rejects.toMatchObject({ code: "E_LOCK_CLOSED" });
  });
});
