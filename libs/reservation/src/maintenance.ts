import type { Admission } from "./admission/admission.js";
import type { Recovery } from "./recovery.js";
import type { Settler } from "./settler.js";
import type { EventStore } from "./store/event-store.js";

export interface MaintenanceOptions {
  admission: Admission;
  events: EventStore;
  recovery: Recovery;
  settler: Settler;
  /** Holds in flight longer than this (ms) are settled from the database. */
  staleHoldMs: number;
  intervalMs: number;
}

/**
 * The periodic repair loop: retries counter updates Redis missed, settles holds older than the stale threshold
 * (their process died or stalled), and resynchronises a quiet event whose counter disagrees with the database.
 */
export class Maintenance {
  private readonly touched = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(private readonly options: MaintenanceOptions) {
    this.timer = setInterval(() => void this.tick(), options.intervalMs);
    this.timer.unref();
  }

  /** Watches the event until it is quiet and consistent again. */
  touch(eventId: string): void {
    this.touched.add(eventId);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { admission, events, recovery, settler, staleHoldMs } = this.options;
    try {
      await settler.retry();
      const staleBefore = Date.now() - staleHoldMs;
      for (const eventId of [...this.touched]) {
        const snapshot = await admission.snapshot(eventId);
        if (snapshot.oldest !== null && snapshot.oldest < staleBefore) {
          await recovery.reconcile(eventId, staleBefore);
        } else if (snapshot.pending === 0) {
          // A counter update lost on the way (Redis blip, another process's cancel) shows on a quiet event.
          const available = await events.available(eventId);
          if (snapshot.available !== null && available !== null && snapshot.available !== available) {
            await recovery.resync(eventId);
          }
          this.touched.delete(eventId);
        }
      }
    } catch {
      // Redis or the database is down; the next tick tries again.
    } finally {
      this.running = false;
    }
  }
}
