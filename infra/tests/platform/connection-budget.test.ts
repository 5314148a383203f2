import { Lazy, Token } from "cdktn";
import { connectionBudget, type ConnectionBudgetInput } from "../../src/platform/connection-budget.js";

const dev: ConnectionBudgetInput = {
  instanceClass: "db.t4g.medium",
  maxConnections: undefined,
  readerCount: 0,
  fleetMax: 4,
  workersPerInstance: 1,
};
const prod: ConnectionBudgetInput = {
  instanceClass: "db.r6g.large",
  maxConnections: undefined,
  readerCount: 1,
  fleetMax: 20,
  workersPerInstance: 2,
};

describe("connectionBudget", () => {
  test("puts all three pools of a process on a writer without readers, and keeps the fleet within 70 % of it", () => {
    const budget = connectionBudget("p", dev);
    expect(budget).toEqual({ poolSize: 5, maxConnections: 90, alarmThreshold: 72 });
    expect(dev.fleetMax * 3 * (budget?.poolSize ?? Infinity)).toBeLessThanOrEqual(0.7 * 90);
  });

  test("counts two pools per process on the writer when a reader takes the reads, and caps a pool at 10", () => {
    expect(connectionBudget("p", { ...prod, workersPerInstance: 1 })).toEqual({
      poolSize: 10,
      maxConnections: 1000,
      alarmThreshold: 800,
    });
    const crowded = connectionBudget("p", { ...prod, workersPerInstance: 1, fleetMax: 50 });
    expect(crowded?.poolSize).toBe(7);
    expect(50 * 2 * (crowded?.poolSize ?? Infinity)).toBeLessThanOrEqual(700);
  });

  test("gives every worker process of an instance its own pools", () => {
    const budget = connectionBudget("p", prod);
    expect(budget?.poolSize).toBe(8);
    expect(prod.fleetMax * prod.workersPerInstance * 2 * (budget?.poolSize ?? Infinity)).toBeLessThanOrEqual(
      700,
    );
    expect(connectionBudget("p", { ...dev, workersPerInstance: 2 })?.poolSize).toBe(2);
  });

  test.each([0, 1.5, 65])("refuses %p workers per instance", (workersPerInstance) => {
    expect(() => connectionBudget("p", { ...prod, workersPerInstance })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "workersPerInstance" }),
    );
  });

  test("takes a given max_connections over the instance class's default", () => {
    expect(connectionBudget("p", { ...dev, maxConnections: 400 })).toEqual({
      poolSize: 10,
      maxConnections: 400,
      alarmThreshold: 320,
    });
  });

  test("refuses a fleet maximum that would leave a pool fewer than two connections", () => {
    expect(() => connectionBudget("platform", { ...dev, fleetMax: 20 })).toThrow(
      expect.objectContaining({
        code: "E_INVALID_PROP",
        construct: "platform",
        prop: "fleet.capacity.max",
        value: 20,
        message: expect.stringMatching(/max_connections 90/),
      }),
    );
  });

  test("refuses an instance class without a known default unless max_connections is given", () => {
    const exotic = { ...prod, instanceClass: "db.x2g.large" };
    expect(() => connectionBudget("p", exotic)).toThrow(
      expect.objectContaining({
        code: "E_INVALID_PROP",
        prop: "database.instanceClass",
        value: "db.x2g.large",
      }),
    );
    expect(connectionBudget("p", { ...exotic, maxConnections: 2000 })?.poolSize).toBe(10);
  });

  test.each([
    ["fleet maximum", { fleetMax: Token.asNumber("${var.fleet_max}") }],
    ["instance class", { instanceClass: Lazy.stringValue({ produce: () => "db.r6g.large" }) }],
    ["reader count", { readerCount: Token.asNumber("${var.readers}") }],
  ])("computes nothing when the %s is only known at deploy time", (_, token) => {
    expect(connectionBudget("p", { ...dev, ...token })).toBeUndefined();
  });

  test("computes from a given max_connections even when the instance class is a token", () => {
    const budget = connectionBudget("p", {
      ...dev,
      instanceClass: Lazy.stringValue({ produce: () => "db.r6g.large" }),
      maxConnections: 90,
    });
    expect(budget?.poolSize).toBe(5);
  });

  test.each([0, -5, 1.5, 16_001, Number.NaN])("refuses max_connections %p", (maxConnections) => {
    expect(() => connectionBudget("p", { ...prod, maxConnections })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "databaseMaxConnections" }),
    );
  });
});
