import type { Admission, Hold } from "./admission/admission.js";

interface Pending {
  op: "confirm" | "release";
  eventId: string;
  holds: readonly Hold[];
}

/**
 * Applies batch outcomes to the admission counters. When Redis is unreachable the outcome is kept and retried,
 * so that a committed row's hold is forgotten and a failed row's seats come back once Redis answers again.
 */
export class Settler {
  private backlog: Pending[] = [];

  constructor(private readonly admission: Admission) {}

  get size(): number {
    return this.backlog.length;
  }

  async confirm(eventId: string, holds: readonly Hold[]): Promise<void> {
    try {
      await this.admission.confirm(eventId, holds);
    } catch {
      this.backlog.push({ op: "confirm", eventId, holds });
    }
  }

  async release(eventId: string, holds: readonly Hold[]): Promise<void> {
    try {
      await this.admission.release(eventId, holds);
    } catch {
      this.backlog.push({ op: "release", eventId, holds });
    }
  }

  /** Retries what failed; both operations only act on holds still in flight, so repeating them is harmless. */
  async retry(): Promise<void> {
    const work = this.backlog;
    this.backlog = [];
    for (const item of work) {
      if (item.op === "confirm") await this.confirm(item.eventId, item.holds);
      else await this.release(item.eventId, item.holds);
    }
  }
}
