import { isUuid, uuidv7 } from "../src/uuid.js";

describe("uuidv7", () => {
  test("makes distinct RFC 9562 version 7 ids that sort in the order they were made, across entropy pool refills", () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe("7");
      expect("89ab").toContain(id[19]);
    }
  });

  test("puts the given millisecond timestamp in the first 48 bits", () => {
    const ms = Date.UTC(2031, 5, 1);
    const id = uuidv7(ms + 10_000_000);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(ms + 10_000_000);
  });
});
