import { DEFAULT_OPENING } from "../src/opening.ts";
import { buyersPerInstance, serviceModel } from "../src/service.ts";

const measurements = {
  reservePerSecond: 10_000,
  cachedGetPerSecond: 40_000,
  writerPerSecond: 20_000,
  source: "test",
};

describe("serviceModel", () => {
  test("prices an attempt as a reservation plus a cached read, from the bench's own ratio", () => {
    const { model } = serviceModel(measurements, "c6i.large");
    expect(model).toMatchObject({
      perInstanceUnits: 5000,
      unitsPerAttempt: 1.25,
      unitsPerBaselineRequest: 0.25,
      writerPerSecond: 5000,
      vcpus: 2,
    });
    expect(serviceModel(measurements, "c6i.large", { instanceFactor: 0.2 }).model.perInstanceUnits).toBe(
      2000,
    );
  });
});

describe("buyersPerInstance", () => {
  test("is what one instance absorbs at half its capacity in the opening's busiest second", () => {
    const { model } = serviceModel(measurements, "c6i.large");
    const scenario = { ...DEFAULT_OPENING, opensAt: 0 };
    const share = (1 - Math.exp(-1 / 10)) / (1 - Math.exp(-6));
    expect(buyersPerInstance(model, scenario)).toBe(Math.floor((0.5 * (5000 / 1.25)) / share));
  });
});
