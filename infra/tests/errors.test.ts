import {
  CapacityRangeError,
  CidrOverlapError,
  InfraError,
  InvalidPropError,
  SubnetCountError,
  UnknownPresetError,
} from "../src/errors.js";

describe("errors", () => {
  test.each([
    [
      new InvalidPropError("s/c", "port", 70000, "must be a port"),
      "E_INVALID_PROP",
      "InvalidPropError",
      "s/c: port = 70000 must be a port",
    ],
    [
      new CidrOverlapError("s/c", "10.0.0.0/24", "10.0.0.0/25"),
      "E_CIDR_OVERLAP",
      "CidrOverlapError",
      's/c: CIDR blocks "10.0.0.0/24" and "10.0.0.0/25" overlap',
    ],
    [
      new SubnetCountError("s/c", "publicSubnetCidrs", 1, 2),
      "E_SUBNET_AZ_MISMATCH",
      "SubnetCountError",
      "s/c: publicSubnetCidrs has 1 CIDR block(s) but there are 2 availability zones; give exactly one per AZ",
    ],
    [
      new CapacityRangeError("s/c", 3, 2, 1),
      "E_CAPACITY_RANGE",
      "CapacityRangeError",
      "s/c: capacity must satisfy 0 <= min <= desired <= max and max >= 1, got min=3 desired=2 max=1",
    ],
    [
      new UnknownPresetError("s/c", "staging", ["dev", "prod"]),
      "E_UNKNOWN_PRESET",
      "UnknownPresetError",
      's/c: unknown preset "staging"; expected one of dev, prod',
    ],
  ])(
    "%s carries a stable code, a name, the construct path and a message quoting the value",
    (error, code, name, message) => {
      expect(error).toBeInstanceOf(InfraError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error.construct).toBe("s/c");
      expect(error.message).toBe(message);
    },
  );

  test("keeps the cause it was given", () => {
    const cause = new Error("root");
    expect(new InvalidPropError("s", "p", 1, "bad", { cause }).cause).toBe(cause);
  });
});
