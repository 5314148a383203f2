import type { TortureReport } from "./driver.js";
import type { WorkerEvent } from "./protocol.js";

type Acquired = Extract<WorkerEvent, { type: "acquired" }>;

/** One acquisition as the checker sees it: when it held what, with which fences. */
export interface Holding extends Omit<Acquired, "type" | "expiresAt"> {
  /**
   * When the lock stopped being promised to this holder: its release call, its loss, its process's death or its last
   * known expiry, whichever came first; on the Redis without persistence also that Redis's first kill after the
   * holder asked (a grant in flight during a kill may already be gone when the holder hears of it), which frees every
   * lock it had.
   */
  end: number;
}

export interface CheckResult {
  violations: string[];
  holdings: Holding[];
}

/**
 * Verifies the guarantees over a torture run's history:
 * - mutual exclusion: no two holders of a mutex overlap within their validity windows, and no semaphore ever has more
 *   than `limit` permits taken at once;
 * - fences only grow: a holder granted after another was granted (it asked after that grant) has a larger fence, on
 *   every store, across restarts (with or without persistence) and partitions;
 * - the fenced store refused no legitimate write (one applied while its holder's window was open) and accepted no
 *   stale one (one whose fence was below a fence already written).
 */
export function check(report: TortureReport): CheckResult {
  const holdings = windows(report);
  const violations: string[] = [];
  const byResource = new Map<string, Holding[]>();
  for (const holding of holdings)
    for (const resource of holding.resources) {
      const key = `${holding.target} ${resource}`;
      byResource.set(key, [...(byResource.get(key) ?? []), holding]);
    }
  for (const [key, list] of byResource) {
    violations.push(...exclusion(key, list));
    violations.push(...fenceOrder(key, list));
  }
  violations.push(...writes(report, holdings));
  return { violations, holdings };
}

function windows(report: TortureReport): Holding[] {
  const kills = new Map(report.processKills.map((kill) => [`${kill.slot}/${kill.generation}`, kill.at]));
  const holdings = new Map<string, Holding & { lastExpiry: number; stop: number }>();
  for (const event of report.events) {
    if (event.type === "acquired") {
      const killedAt = kills.get(`${event.slot}/${event.generation}`) ?? Infinity;
      const { type: _type, expiresAt, ...acquired } = event;
      holdings.set(event.token, { ...acquired, end: 0, lastExpiry: expiresAt, stop: killedAt });
      continue;
    }
    if (event.type === "failed") continue;
    const holding = holdings.get(event.token);
    if (!holding) continue;
    if (event.type === "extended") holding.lastExpiry = Math.max(holding.lastExpiry, event.expiresAt);
    else holding.stop = Math.min(holding.stop, event.at);
  }
  return [...holdings.values()].map(({ lastExpiry, stop, ...holding }) => {
    let end = Math.min(stop, lastExpiry);
    if (holding.target === "volatile") {
      const restart = report.volatileRestarts.find((at) => at > holding.askedAt);
      if (restart !== undefined) end = Math.min(end, restart);
    }
    return { ...holding, end };
  });
}

/** Mutexes: no overlap. Semaphores: permits taken at any instant within the limit. */
function exclusion(key: string, list: Holding[]): string[] {
  const violations: string[] = [];
  const points = list
    .filter((holding) => holding.end > holding.at)
    .flatMap((holding) => [
      { at: holding.at, delta: holding.permits, holding },
      { at: holding.end, delta: -holding.permits, holding },
    ])
    // At equal times, an end comes before a start: a window is [at, end).
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  const open = new Set<Holding>();
  let taken = 0;
  for (const point of points) {
    if (point.delta < 0) {
      open.delete(point.holding);
      taken += point.delta;
      continue;
    }
    open.add(point.holding);
    taken += point.delta;
    if (taken > point.holding.limit)
      violations.push(
        `${key}: ${taken} permits taken at ${point.at}, limit ${point.holding.limit}: ${[...open]
          .map((holding) => `${holding.token} [${holding.at}, ${holding.end})`)
          .join(", ")}`,
      );
  }
  return violations;
}

/** A holder that asked after another's grant has a larger fence (the two were granted in that order). */
function fenceOrder(key: string, list: Holding[]): string[] {
  const resource = key.slice(key.indexOf(" ") + 1);
  const fenceOf = (holding: Holding) => holding.fences[holding.resources.indexOf(resource)] as number;
  const byGrant = [...list].sort((a, b) => a.at - b.at);
  const byAsk = [...list].sort((a, b) => a.askedAt - b.askedAt);
  const violations: string[] = [];
  let highest: Holding | undefined;
  let next = 0;
  for (const holding of byAsk) {
    while (next < byGrant.length && (byGrant[next] as Holding).at < holding.askedAt) {
      const granted = byGrant[next++] as Holding;
      if (!highest || fenceOf(granted) > fenceOf(highest)) highest = granted;
    }
    if (highest && fenceOf(holding) <= fenceOf(highest))
      violations.push(
        `${key}: fence went back: ${holding.token} asked at ${holding.askedAt} and got ${fenceOf(holding)}, ` +
          `after ${highest.token} had been granted ${fenceOf(highest)} at ${highest.at}`,
      );
  }
  return violations;
}

function writes(report: TortureReport, holdings: Holding[]): string[] {
  const byToken = new Map(holdings.map((holding) => [holding.token, holding]));
  const highest = new Map<string, number>();
  const violations: string[] = [];
  for (const write of report.writes) {
    const key = `${write.target} ${write.resource}`;
    const before = highest.get(key) ?? 0;
    if (write.accepted && write.fence <= before)
      violations.push(`${key}: a stale write was accepted: fence ${write.fence} after ${before}`);
    if (write.accepted) highest.set(key, write.fence);
    const holding = byToken.get(write.token);
    if (!write.accepted && holding && write.appliedAt < holding.end)
      violations.push(
        `${key}: a legitimate write was refused: ${write.token} (fence ${write.fence}) within its window ` +
          `[${holding.at}, ${holding.end}) at ${write.appliedAt}, after fence ${before}`,
      );
  }
  return violations;
}
