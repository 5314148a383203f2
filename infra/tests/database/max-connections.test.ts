import { auroraMaxConnections } from "../../src/database/max-connections.js";

describe("auroraMaxConnections", () => {
  test.each([
    ["db.t3.medium", 90],
    ["db.t4g.medium", 90],
    ["db.t4g.large", 135],
    ["db.r5.large", 1000],
    ["db.r6g.large", 1000],
    ["db.r6g.xlarge", 2000],
    ["db.r7g.2xlarge", 3000],
    ["db.r8g.16xlarge", 6000],
    ["db.r5.24xlarge", 7000],
  ])("gives Aurora MySQL's default for %s: %i", (instanceClass, expected) => {
    expect(auroraMaxConnections(instanceClass)).toBe(expected);
  });

  test.each(["db.x2g.large", "db.r6g.metal", "db.t4g.micro", "r6g.large", ""])(
    "knows no default for %j",
    (instanceClass) => {
      expect(auroraMaxConnections(instanceClass)).toBeUndefined();
    },
  );
});
