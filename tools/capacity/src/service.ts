import { AURORA_WRITER_FACTOR, instanceProfile, type Measurements } from "./measurements.ts";
import type { OpeningScenario } from "./opening.ts";
import type { ServiceModel } from "./simulate.ts";

/** The service model for an instance type, from the measurements, with the line that explains it. */
export function serviceModel(
  measurements: Measurements,
  instanceType: string,
  overrides: { instanceFactor?: number; writerFactor?: number; baseP99Ms?: number } = {},
): { model: ServiceModel; explanation: string } {
  const profile = instanceProfile(instanceType);
  const factor = overrides.instanceFactor ?? profile.factor;
  const writerFactor = overrides.writerFactor ?? AURORA_WRITER_FACTOR;
  const getCost = measurements.reservePerSecond / measurements.cachedGetPerSecond;
  const model: ServiceModel = {
    perInstanceUnits: measurements.reservePerSecond * factor,
    unitsPerAttempt: 1 + getCost,
    unitsPerBaselineRequest: getCost,
    writerPerSecond: measurements.writerPerSecond * writerFactor,
    baseP99Ms: overrides.baseP99Ms ?? 50,
    vcpus: profile.vcpus,
  };
  const int = (value: number) => Math.round(value).toLocaleString("en-US");
  const explanation = [
    `per instance (${instanceType}): ${int(measurements.reservePerSecond)} reservations/s (api bench) x ${factor}` +
      `${overrides.instanceFactor === undefined ? ` (${profile.why})` : " (--instance-factor)"} = ${int(model.perInstanceUnits)}/s;`,
    `  an attempt is a cached GET (${getCost.toFixed(2)} of a reservation: ${int(measurements.reservePerSecond)} / ${int(measurements.cachedGetPerSecond)} cached GET/s) and the POST: ${int(model.perInstanceUnits / model.unitsPerAttempt)} attempts/s per instance;`,
    `  Aurora writer: ${int(measurements.writerPerSecond)} confirmed/s (reservation bench group commit) x ${writerFactor} = ${int(model.writerPerSecond)}/s;`,
    `  one Node.js process per instance: CPU ${model.vcpus > 1 ? `tops out near ${Math.round(100 / model.vcpus + 5)} %` : "can reach 100 %"} of a ${model.vcpus}-vCPU instance`,
    `  (measurements from ${measurements.source})`,
  ].join("\n");
  return { model, explanation };
}

/**
 * Buyers one instance absorbs at `utilization` of its capacity in the opening's busiest second (the first): what
 * `prewarm.buyersPerInstance` of @ticketing/infra should be for this model.
 */
export function buyersPerInstance(model: ServiceModel, scenario: OpeningScenario, utilization = 0.5): number {
  const tau = scenario.arrivalTimeConstant;
  const firstSecondShare = (1 - Math.exp(-1 / tau)) / (1 - Math.exp(-scenario.arrivalSeconds / tau));
  const attemptsPerSecond = model.perInstanceUnits / model.unitsPerAttempt;
  return Math.floor((utilization * attemptsPerSecond) / firstSecondShare);
}
