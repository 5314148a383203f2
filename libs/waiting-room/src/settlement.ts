/** How an admission ended. `seats` (the seats the reservation took) is required for `reserved`. */
export type Settlement =
  | { readonly outcome: "reserved"; readonly seats: number }
  | { readonly outcome: "refused" }
  | { readonly outcome: "abandoned" };

export type SettlementOutcome = Settlement["outcome"];

export interface SettleResult {
  /** The outcome that stands: the first one given for this admission. */
  readonly outcome: SettlementOutcome;
  /** The admission had been settled before; nothing changed. */
  readonly replayed: boolean;
}

/** Every outcome, for checking input and replies. */
export const OUTCOMES: ReadonlySet<string> = new Set<string>([
  "reserved",
  "refused",
  "abandoned",
] satisfies SettlementOutcome[]);
