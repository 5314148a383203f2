export { LoadTestError, InvalidOptionError, UnexpectedResponseError, ConnectionError } from "./errors.ts";
export { percentile, summarizeLatencies, type LatencySummary } from "./stats.ts";
export { classify, isSoldOut, type Outcome, type OutcomeKind } from "./outcome.ts";
export { summarizeOutcomes, type FlashSaleSummary } from "./summary.ts";
export { checkFlashSale, type CheckInput, type CheckResult, type FinalState } from "./invariants.ts";
export {
  runFlashSale,
  validateFlashSaleOptions,
  type FlashSaleOptions,
  type FlashSaleRun,
} from "./flash-sale.ts";
export {
  runSteady,
  parseMix,
  pickOperation,
  renderSteady,
  type SteadyOptions,
  type SteadyResult,
} from "./steady.ts";
export { runBarrier, type BarrierOptions, type BarrierRun } from "./barrier.ts";
export { measureFloor } from "./floor/floor.ts";
export { readStateFromMysql } from "./state-mysql.ts";
export { readStateViaApi } from "./state-api.ts";
export { ApiClient } from "./api-client.ts";
export { RawConnection, buildRequest, parseResponse, type RawResponse } from "./raw-http.ts";
export { createTokenFactory, DEV_JWT_SECRET, type Role, type TokenFactory } from "./tokens.ts";
export { runChaos, type ChaosOptions, type ChaosResult } from "./chaos/run-chaos.ts";
export { RoundRobinProxy, type Upstream } from "./chaos/proxy.ts";
export { faultCosts, type FaultCost, type FaultRecord } from "./chaos/fault-cost.ts";
export { renderChecks, renderSummary } from "./report.ts";
