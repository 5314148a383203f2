/** Stable error codes thrown by the constructs while the construct tree is being built (before any synth). */
export type InfraErrorCode =
  "E_INVALID_PROP" | "E_CIDR_OVERLAP" | "E_SUBNET_AZ_MISMATCH" | "E_CAPACITY_RANGE" | "E_UNKNOWN_PRESET";

/** Base class of every error thrown by `@ticketing/infra`; `construct` is the path of the construct that refused. */
export class InfraError extends Error {
  override readonly name: string = "InfraError";
  readonly code: InfraErrorCode;
  readonly construct: string;

  constructor(code: InfraErrorCode, construct: string, message: string, options?: { cause?: unknown }) {
    super(`${construct}: ${message}`, options);
    this.code = code;
    this.construct = construct;
  }
}

/** A prop has a value the construct cannot deploy safely (bad CIDR, port, retention, email, ...). */
export class InvalidPropError extends InfraError {
  override readonly name = "InvalidPropError";
  readonly prop: string;
  readonly value: unknown;

  constructor(
    construct: string,
    prop: string,
    value: unknown,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super("E_INVALID_PROP", construct, `${prop} = ${JSON.stringify(value)} ${reason}`, options);
    this.prop = prop;
    this.value = value;
  }
}

/** Two subnets (or a subnet and the space outside the VPC) claim the same addresses. */
export class CidrOverlapError extends InfraError {
  override readonly name = "CidrOverlapError";
  readonly cidrs: readonly [string, string];

  constructor(construct: string, a: string, b: string) {
    super("E_CIDR_OVERLAP", construct, `CIDR blocks "${a}" and "${b}" overlap`);
    this.cidrs = [a, b];
  }
}

/** A subnet tier does not have exactly one CIDR per availability zone. */
export class SubnetCountError extends InfraError {
  override readonly name = "SubnetCountError";
  readonly tier: string;
  readonly subnets: number;
  readonly availabilityZones: number;

  constructor(construct: string, tier: string, subnets: number, availabilityZones: number) {
    super(
      "E_SUBNET_AZ_MISMATCH",
      construct,
      `${tier} has ${subnets} CIDR block(s) but there are ${availabilityZones} availability zones; give exactly one per AZ`,
    );
    this.tier = tier;
    this.subnets = subnets;
    this.availabilityZones = availabilityZones;
  }
}

/** Auto Scaling capacity is not `0 <= min <= desired <= max`. */
export class CapacityRangeError extends InfraError {
  override readonly name = "CapacityRangeError";
  readonly min: number;
  readonly desired: number;
  readonly max: number;

  constructor(construct: string, min: number, desired: number, max: number) {
    super(
      "E_CAPACITY_RANGE",
      construct,
      `capacity must satisfy 0 <= min <= desired <= max and max >= 1, got min=${min} desired=${desired} max=${max}`,
    );
    this.min = min;
    this.desired = desired;
    this.max = max;
  }
}

/** `TicketingPlatform` was asked for a preset it does not know. */
export class UnknownPresetError extends InfraError {
  override readonly name = "UnknownPresetError";
  readonly preset: string;
  readonly known: readonly string[];

  constructor(construct: string, preset: string, known: readonly string[]) {
    super(
      "E_UNKNOWN_PRESET",
      construct,
      `unknown preset ${JSON.stringify(preset)}; expected one of ${known.join(", ")}`,
    );
    this.preset = preset;
    this.known = known;
  }
}
