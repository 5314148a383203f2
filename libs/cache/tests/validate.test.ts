import { createCache, CacheError, type Cache } from "../src/index.js";

describe("validate: input checked before any I/O", () => {
  let cache: Cache;
  beforeAll(() => {
    cache = createCache({ namespace: "validation" });
  });
  afterAll(() => cache.close());

  const loader = async () => 1;
  test.each([
    ["an empty key", () => cache.getOrLoad("", loader), "E_INVALID_KEY"],
    ["a non-string key", () => cache.getOrLoad(42 as unknown as string, loader), "E_INVALID_KEY"],
    ["a key over 1024 characters", () => cache.get("k".repeat(1025)), "E_INVALID_KEY"],
    ["ttl 0", () => cache.getOrLoad("k", loader, { ttl: 0 }), "E_INVALID_TTL"],
    ["a negative ttl", () => cache.set("k", 1, { ttl: -5 }), "E_INVALID_TTL"],
    ["ttl NaN", () => cache.set("k", 1, { ttl: Number.NaN }), "E_INVALID_TTL"],
    ["ttl Infinity", () => cache.set("k", 1, { ttl: Number.POSITIVE_INFINITY }), "E_INVALID_TTL"],
    ["a negative grace", () => cache.getOrLoad("k", loader, { grace: -1 }), "E_INVALID_OPTION"],
    ["an empty tag", () => cache.set("k", 1, { tags: [""] }), "E_INVALID_KEY"],
    [
      "tags that are not an array",
      () => cache.set("k", 1, { tags: "t" as unknown as string[] }),
      "E_INVALID_OPTION",
    ],
    ["a loader that is not a function", () => cache.getOrLoad("k", "x" as never), "E_INVALID_OPTION"],
    ["an empty tag for deleteByTag", () => cache.deleteByTag(""), "E_INVALID_KEY"],
    ["an empty key for delete", () => cache.delete(""), "E_INVALID_KEY"],
    ["a function value", () => cache.set("k", () => 1), "E_NOT_SERIALIZABLE"],
    ["a Map value", () => cache.set("k", new Map([[1, 2]])), "E_NOT_SERIALIZABLE"],
    ["a value with a symbol", () => cache.set("k", { s: Symbol("s") }), "E_NOT_SERIALIZABLE"],
  ])("rejects %s with its code", async (_name, call, code) => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CacheError);
    expect(error).toMatchObject({ code });
  });

  test("refuses a loader result it cannot store with E_NOT_SERIALIZABLE and stores nothing", async () => {
    const failed = jest.fn();
    cache.on("cache:load:failed", failed);
    await expect(cache.getOrLoad("bad", async () => ({ at: new Map() }))).rejects.toMatchObject({
      code: "E_NOT_SERIALIZABLE",
      key: "bad",
    });
    expect(failed).toHaveBeenCalledTimes(1);
    await expect(cache.get("bad")).resolves.toBeUndefined();
  });

  test("leaves the cache untouched after refusing a non-serializable value", async () => {
    await expect(cache.set("kept", () => 1)).rejects.toMatchObject({ code: "E_NOT_SERIALIZABLE" });
    await expect(cache.get("kept")).resolves.toBeUndefined();
  });

  test.each([
    ["no namespace", { namespace: "" }, "E_INVALID_OPTION"],
    ["a namespace with a brace", { namespace: "a{b" }, "E_INVALID_OPTION"],
    ["ttl 0", { namespace: "n", ttl: 0 }, "E_INVALID_TTL"],
    ["a negative hardTimeout", { namespace: "n", hardTimeout: -1 }, "E_INVALID_TTL"],
    ["l1.maxEntries 0", { namespace: "n", l1: { maxEntries: 0 } }, "E_INVALID_OPTION"],
    ["jitter above 1", { namespace: "n", jitter: 2 }, "E_INVALID_OPTION"],
    ["negativeTtl 0", { namespace: "n", negativeTtl: 0 }, "E_INVALID_TTL"],
    ["both tiers off", { namespace: "n", l1: false as const }, "E_INVALID_OPTION"],
    [
      "a serializer without deserialize",
      { namespace: "n", serializer: { serialize: String } as never },
      "E_INVALID_OPTION",
    ],
  ])("createCache refuses %s with its code", (_name, options, code) => {
    expect(() => createCache(options)).toThrow(expect.objectContaining({ code }));
  });
});
