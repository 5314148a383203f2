/** What the API measures. Implementations must never block or throw into a request. */
export interface Metrics {
  reservationConfirmed(quantity: number): void;
  /** A reservation refused for lack of seats (sold out or fewer left than asked). */
  soldOut(): void;
  /** A response with status >= 400 (`status` picks client vs server error). */
  error(status: number): void;
  /** Response time of one request, in ms, labelled by route template. */
  latency(route: string, ms: number): void;
  /** Time spent waiting for a lock, in ms. */
  lockWait(ms: number): void;
  cacheLookup(hit: boolean): void;
  /** Sends what was gathered so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

/** METRICS=off. */
export const noopMetrics: Metrics = {
  reservationConfirmed() {},
  soldOut() {},
  error() {},
  latency() {},
  lockWait() {},
  cacheLookup() {},
  flush: async () => {},
  close: async () => {},
};
