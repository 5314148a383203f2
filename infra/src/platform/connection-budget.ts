import { auroraMaxConnections } from "../database/max-connections.js";
import { InvalidPropError } from "../errors.js";
import { assertInt, isUnresolved } from "../validate.js";

/** The engine's own default pool size, which the bench and tests run with. */
const MAX_POOL_SIZE = 10;
/** Share of the writer's connections the whole fleet's pools may take; the rest is for admins, migrations, RDS. */
const FLEET_SHARE = 0.7;
/** The connection alarm fires above this share: past the fleet's budget, before the writer refuses logins. */
const ALARM_SHARE = 0.8;

export interface ConnectionBudget {
  /** `DATABASE_POOL_SIZE` of every app process. */
  readonly poolSize: number;
  readonly maxConnections: number;
  readonly alarmThreshold: number;
}

export interface ConnectionBudgetInput {
  readonly instanceClass: string;
  /** The writer's max_connections when it is not its class's default. */
  readonly maxConnections: number | undefined;
  readonly readerCount: number;
  readonly fleetMax: number;
  /** API processes per instance (`WORKERS`), each with its own pools. */
  readonly workersPerInstance: number;
}

/**
 * Sizes the app's database pools so that the fleet at its maximum stays within the writer's max_connections. Each
 * app process (`workersPerInstance` on each instance) opens up to three pools of `DATABASE_POOL_SIZE`: queries, batch
 * writes and reads. Without a reader instance the reader endpoint resolves to the writer, so all three land there. Undefined when an input is a token
 * known only at deploy time: the app then keeps the engine's default pools.
 */
export function connectionBudget(
  construct: string,
  input: ConnectionBudgetInput,
): ConnectionBudget | undefined {
  // Aurora MySQL accepts max_connections up to 16,000.
  assertInt(construct, "databaseMaxConnections", input.maxConnections, 1, 16_000);
  const writer = input.maxConnections ?? input.instanceClass;
  assertInt(construct, "workersPerInstance", input.workersPerInstance, 1, 64);
  if ([writer, input.readerCount, input.fleetMax, input.workersPerInstance].some(isUnresolved))
    return undefined;
  const maxConnections = input.maxConnections ?? auroraMaxConnections(input.instanceClass);
  if (maxConnections === undefined) {
    throw new InvalidPropError(
      construct,
      "database.instanceClass",
      input.instanceClass,
      "has no known default max_connections; give databaseMaxConnections",
    );
  }
  const poolsOnWriter = input.readerCount > 0 ? 2 : 3;
  const poolSize = Math.min(
    MAX_POOL_SIZE,
    Math.floor((maxConnections * FLEET_SHARE) / (input.fleetMax * input.workersPerInstance * poolsOnWriter)),
  );
  if (poolSize < 2) {
    throw new InvalidPropError(
      construct,
      "fleet.capacity.max",
      input.fleetMax,
      `leaves each instance fewer than 2 connections per pool on a writer with max_connections ${maxConnections} ` +
        `(${poolsOnWriter} pools per process, ${input.workersPerInstance} processes per instance, ${FLEET_SHARE * 100} % of the writer for the fleet); ` +
        "choose a larger database.instanceClass, add a reader, lower the maximum or run fewer workers per instance",
    );
  }
  return { poolSize, maxConnections, alarmThreshold: Math.floor(maxConnections * ALARM_SHARE) };
}
