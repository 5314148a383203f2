import { jsonSerializer } from "../src/index.js";

describe("jsonSerializer", () => {
  test("round-trips Dates and bigints nested in plain data", () => {
    const value = {
      id: "e1",
      eventDate: new Date("2027-03-01T19:30:00.000Z"),
      seats: [1n, 2n ** 70n],
      nested: { at: new Date(0), n: null, s: "x" },
    };
    const back = jsonSerializer.deserialize(jsonSerializer.serialize(value)) as typeof value;
    expect(back).toEqual(value);
    expect(back.eventDate).toBeInstanceOf(Date);
    expect(typeof back.seats[1]).toBe("bigint");
  });

  test("stores a Date as a tagged ISO string and a bigint as tagged digits", () => {
    expect(jsonSerializer.serialize({ d: new Date(0), b: 12n })).toBe(
      '{"d":{"$date":"1970-01-01T00:00:00.000Z"},"b":{"$bigint":"12"}}',
    );
  });

  test("leaves objects with other keys next to $date alone", () => {
    const value = { $date: "not a date", other: 1 };
    expect(jsonSerializer.deserialize(jsonSerializer.serialize(value))).toEqual(value);
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  test.each([
    ["a function", { f: () => 1 }],
    ["a symbol", { s: Symbol("x") }],
    ["a Map", { m: new Map() }],
    ["a Set", new Set([1])],
    ["a typed array", { b: new Uint8Array(2) }],
    ["an invalid Date", { d: new Date(Number.NaN) }],
    ["a cycle", cyclic],
    ["a bare function", () => 1],
  ])("refuses %s instead of dropping it", (_name, value) => {
    expect(() => jsonSerializer.serialize(value)).toThrow(TypeError);
  });
});
