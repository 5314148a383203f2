import { createEntry, decodeEntry, encodeEntry, type Entry } from "../src/entry.js";
import { jsonSerializer } from "../src/serializer.js";

describe("entry codec", () => {
  test.each<[string, unknown]>([
    ["an object", { id: "e1", at: new Date(5) }],
    ["null", null],
    ["undefined", undefined],
    ["a string with the separator", "a|b,c"],
  ])("round-trips %s with its deadlines and tags", (_name, value) => {
    const entry: Entry = { value, freshUntil: 1_000, staleUntil: 2_000, tags: ["t|1", "t,2"], loadMs: 7 };
    const payload = value === null || value === undefined ? undefined : jsonSerializer.serialize(value);
    expect(decodeEntry(encodeEntry(entry, payload), jsonSerializer)).toEqual(entry);
  });

  test("reads a string it did not write as a miss", () => {
    expect(decodeEntry("plain value", jsonSerializer)).toBeUndefined();
    expect(decodeEntry("1,2|x", jsonSerializer)).toBeUndefined();
  });
});

describe("createEntry", () => {
  const policy = { ttl: 1_000, grace: 500, jitter: 0, negativeTtl: 100 as number | false };

  test("gives a value ttl then grace", () => {
    expect(createEntry("v", policy, undefined, 3, 0, false)).toEqual({
      value: "v",
      freshUntil: 1_000,
      staleUntil: 1_500,
      tags: undefined,
      loadMs: 3,
    });
  });

  test("gives a loaded not-found negativeTtl and no grace, or nothing when negative caching is off", () => {
    expect(createEntry(null, policy, { ttl: 9_000 }, 0, 0, false)).toMatchObject({
      freshUntil: 100,
      staleUntil: 100,
    });
    expect(createEntry(undefined, { ...policy, negativeTtl: false }, undefined, 0, 0, false)).toBeUndefined();
  });

  test("takes at most jitter × ttl off", () => {
    const ttls = Array.from(
      { length: 200 },
      () => createEntry("v", { ...policy, jitter: 0.2 }, undefined, 0, 0, false)!.freshUntil,
    );
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(1_000);
    expect(new Set(ttls).size).toBeGreaterThan(10);
  });
});
