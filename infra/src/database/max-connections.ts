// Aurora MySQL's default max_connections per instance class, from AWS's table "Maximum connections to an Aurora
// MySQL DB instance". The memory-optimised families have the same memory per size, so one row per size serves them.
const BURSTABLE: Readonly<Record<string, number>> = {
  "db.t3.medium": 90,
  "db.t3.large": 135,
  "db.t4g.medium": 90,
  "db.t4g.large": 135,
};
const MEMORY_OPTIMISED = /^db\.(?:r5|r6g|r6i|r7g|r7i|r8g)\.(\w+)$/;
const BY_SIZE: Readonly<Record<string, number>> = {
  large: 1000,
  xlarge: 2000,
  "2xlarge": 3000,
  "4xlarge": 4000,
  "8xlarge": 5000,
  "12xlarge": 6000,
  "16xlarge": 6000,
  "24xlarge": 7000,
};

/** Aurora MySQL's default `max_connections` for an instance class, or undefined for a class it does not list. */
export function auroraMaxConnections(instanceClass: string): number | undefined {
  const size = MEMORY_OPTIMISED.exec(instanceClass)?.[1];
  return BURSTABLE[instanceClass] ?? (size === undefined ? undefined : BY_SIZE[size]);
}
