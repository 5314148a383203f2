import type { Entry } from "../src/entry.js";
import { MemoryTier } from "../src/memory-tier.js";

function entry(value: unknown, now: number, ttl = 1_000, tags?: string[]): Entry {
  return { value, freshUntil: now + ttl, staleUntil: now + ttl, tags, loadMs: 0 };
}

describe("MemoryTier", () => {
  test("evicts the least recently used entry when full", () => {
    const tier = new MemoryTier(2, undefined);
    tier.set("a", entry(1, 0), 0);
    tier.set("b", entry(2, 0), 0);
    expect(tier.get("a", 1)?.value).toBe(1);
    tier.set("c", entry(3, 0), 1);
    expect(tier.get("b", 1)).toBeUndefined();
    expect(tier.get("a", 1)?.value).toBe(1);
    expect(tier.get("c", 1)?.value).toBe(3);
    expect(tier.size).toBe(2);
  });

  test("drops an entry once its stale deadline has passed", () => {
    const tier = new MemoryTier(10, undefined);
    tier.set("a", entry(1, 0, 100), 0);
    expect(tier.get("a", 99)?.value).toBe(1);
    expect(tier.get("a", 100)).toBeUndefined();
    expect(tier.size).toBe(0);
  });

  test("caps an entry's life at maxAge", () => {
    const tier = new MemoryTier(10, 50);
    tier.set("a", entry(1, 0, 1_000), 0);
    expect(tier.get("a", 49)?.value).toBe(1);
    expect(tier.get("a", 50)).toBeUndefined();
  });

  test("removes every entry of a tag and keeps the others", () => {
    const tier = new MemoryTier(10, undefined);
    tier.set("a", entry(1, 0, 1_000, ["t1"]), 0);
    tier.set("b", entry(2, 0, 1_000, ["t1", "t2"]), 0);
    tier.set("c", entry(3, 0, 1_000, ["t2"]), 0);
    expect(tier.deleteByTag("t1")).toBe(2);
    expect(tier.get("a", 1)).toBeUndefined();
    expect(tier.get("b", 1)).toBeUndefined();
    expect(tier.get("c", 1)?.value).toBe(3);
    expect(tier.deleteByTag("t1")).toBe(0);
  });

  test("forgets the old tags of an overwritten key", () => {
    const tier = new MemoryTier(10, undefined);
    tier.set("a", entry(1, 0, 1_000, ["old"]), 0);
    tier.set("a", entry(2, 0, 1_000, ["new"]), 0);
    expect(tier.deleteByTag("old")).toBe(0);
    expect(tier.get("a", 1)?.value).toBe(2);
  });
});
