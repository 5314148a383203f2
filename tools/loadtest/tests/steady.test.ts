import { parseMix, pickOperation } from "../src/steady.ts";

describe("parseMix", () => {
  test("reads weights per operation", () => {
    expect(parseMix("get-event=80,list-events=10,reserve=10")).toEqual({
      "get-event": 80,
      "list-events": 10,
      reserve: 10,
    });
  });

  test.each(["get=80", "reserve=-1", "reserve=x", "get-event"])(
    "refuses %s with E_INVALID_OPTION",
    (text) => {
      expect(() => parseMix(text)).toThrow(
        expect.objectContaining({ code: "E_INVALID_OPTION", option: "mix" }),
      );
    },
  );
});

describe("pickOperation", () => {
  const mix = { "get-event": 80, "list-events": 10, reserve: 10 };

  test.each([
    [0, "get-event"],
    [0.79, "get-event"],
    [0.8, "list-events"],
    [0.89, "list-events"],
    [0.9, "reserve"],
    [0.999, "reserve"],
  ])("maps %d to %s in proportion to the weights", (random, expected) => {
    expect(pickOperation(mix, random)).toBe(expected);
  });

  test("never picks an operation of weight 0", () => {
    expect(pickOperation({ "get-event": 0, reserve: 1 }, 0)).toBe("reserve");
  });
});
