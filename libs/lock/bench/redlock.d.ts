// redlock@5.0.0-beta.2 ships types its "exports" map does not point to; this is the part the bench uses.
declare module "redlock" {
  import type { EventEmitter } from "node:events";

  // eslint-disable-next-line no-restricted-syntax -- mirrors the library's own default export
  export default class Redlock extends EventEmitter {
    constructor(
      clients: readonly unknown[],
      settings?: { retryCount?: number; retryDelay?: number; retryJitter?: number; driftFactor?: number },
    );
    acquire(resources: string[], duration: number): Promise<{ release(): Promise<unknown> }>;
  }
}
