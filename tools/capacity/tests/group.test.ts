import { Group, type GroupSettings } from "../src/group.ts";

const settings: GroupSettings = {
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 2,
  coldLaunchSeconds: 180,
  warmLaunchSeconds: 60,
  warmPool: false,
};

describe("Group", () => {
  test("starts its first instances in service and launches new ones a cold boot later", () => {
    const group = new Group(settings);
    expect(group.inService(0)).toBe(2);
    expect(group.setDesired(4, 100)).toBe(2);
    expect([group.inService(279), group.inService(280)]).toEqual([2, 4]);
    expect(group.activityEnd()).toBe(280);
  });

  test("starts warm-pool instances in a warm start's time", () => {
    const group = new Group({ ...settings, warmPool: true });
    group.setDesired(4, 100);
    expect([group.inService(159), group.inService(160)]).toEqual([2, 4]);
  });

  test("keeps desired within min and max and terminates the newest first", () => {
    const group = new Group(settings);
    expect(group.setDesired(99, 0)).toBe(4);
    expect(group.desired).toBe(6);
    expect(group.setDesired(0, 10)).toBe(-4);
    expect(group.inService(10)).toBe(2);
  });

  test.each([
    ["min above max", { minSize: 7 }],
    ["desired below min", { desiredCapacity: 1 }],
    ["a fractional launch time", { coldLaunchSeconds: 1.5 }],
  ])("refuses %s with E_INVALID_SETTING", (_case, change) => {
    expect(() => new Group({ ...settings, ...change })).toThrow(
      expect.objectContaining({ code: "E_INVALID_SETTING" }),
    );
  });
});
