import { type TerraformStack } from "cdktn";
import { addPrewarmSchedules, prewarmSize } from "../../src/compute/prewarm.js";
import { testStack } from "../helpers/synth.js";

const schedules = (stack: TerraformStack, openings: { at: string; expectedBuyers: number }[], now?: number) =>
  addPrewarmSchedules(stack, {
    path: "test/scaling",
    name: "ticketing",
    autoScalingGroupName: "asg",
    openings,
    settings: { buyersPerInstance: 5_000 },
    bounds: { min: 2, max: 20 },
    now,
  });

describe("prewarm", () => {
  test("sizes an opening by its buyers within the group's bounds", () => {
    expect(prewarmSize(50_000, 5_000, { min: 2, max: 20 })).toBe(10);
    expect(prewarmSize(50_001, 5_000, { min: 2, max: 20 })).toBe(11);
    expect(prewarmSize(100, 5_000, { min: 2, max: 20 })).toBe(2);
    expect(prewarmSize(10 ** 7, 5_000, { min: 2, max: 20 })).toBe(20);
  });

  test("refuses an opening whose pre-warm time has passed, by the clock it is given", () => {
    const opening = { at: "2030-01-01T10:00:00Z", expectedBuyers: 1 };
    expect(() => schedules(testStack(), [opening], Date.parse("2030-01-01T09:44:59Z"))).not.toThrow();
    expect(() => schedules(testStack(), [opening], Date.parse("2030-01-01T09:45:00Z"))).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "openings[0].at" }),
    );
  });

  test.each([
    ["an opening without an offset", { at: "2099-03-06T19:00:00", expectedBuyers: 1 }, "openings[0].at"],
    ["a date that is not one", { at: "2099-02-30T19:00:00Z", expectedBuyers: 1 }, "openings[0].at"],
    ["a past opening", { at: "2001-03-06T19:00:00+09:00", expectedBuyers: 1 }, "openings[0].at"],
    [
      "an opening without buyers",
      { at: "2099-03-06T19:00:00+09:00", expectedBuyers: 0 },
      "openings[0].expectedBuyers",
    ],
  ])("refuses %s with E_INVALID_PROP", (_case, opening, prop) => {
    expect(() => schedules(testStack(), [opening])).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop }),
    );
  });
});
