import { check } from "./checker.js";
import type { Recorded, TortureReport } from "./driver.js";
import type { AppliedWrite } from "./fenced-store.js";

function report(
  events: Recorded[],
  writes: AppliedWrite[] = [],
  volatileRestarts: number[] = [],
): TortureReport {
  return {
    startedAt: 0,
    endedAt: 10_000,
    events,
    writes,
    faults: [],
    processKills: [],
    volatileRestarts,
    mutexes: ["m0"],
    semaphores: ["s0"],
    semaphoreLimit: 2,
  };
}

const acquired = (token: string, at: number, fence: number, extra: Partial<Recorded> = {}): Recorded =>
  ({
    type: "acquired",
    token,
    target: "aof",
    mode: "mutex",
    resources: ["m0"],
    fences: [fence],
    limit: 1,
    permits: 1,
    askedAt: at - 1,
    at,
    expiresAt: at + 1_000,
    slot: 0,
    generation: 1,
    ...extra,
  }) as Recorded;
const released = (token: string, at: number): Recorded => ({
  type: "released",
  token,
  at,
  slot: 0,
  generation: 1,
});
const write = (token: string, fence: number, appliedAt: number, accepted: boolean): AppliedWrite => ({
  target: "aof",
  resource: "m0",
  token,
  fence,
  sentAt: appliedAt,
  appliedAt,
  accepted,
});

describe("the torture checker", () => {
  test("finds nothing wrong in holders that follow one another with growing fences", () => {
    const history = [acquired("a", 10, 5), released("a", 20), acquired("b", 30, 6), released("b", 40)];
    expect(check(report(history, [write("a", 5, 15, true), write("b", 6, 35, true)])).violations).toEqual([]);
  });

  test("reports two holders of a mutex within their validity windows", () => {
    const history = [acquired("a", 10, 5), acquired("b", 30, 6), released("a", 50), released("b", 60)];
    expect(check(report(history)).violations).toEqual([expect.stringContaining("2 permits taken at 30")]);
  });

  test("ends a window at the holder's expiry, so a later holder after it is no overlap", () => {
    const history = [acquired("a", 10, 5, { expiresAt: 25 }), acquired("b", 30, 6), released("b", 60)];
    expect(check(report(history)).violations).toEqual([]);
  });

  test("reports a fence that went back", () => {
    const history = [acquired("a", 10, 5), released("a", 20), acquired("b", 30, 4), released("b", 40)];
    expect(check(report(history)).violations).toEqual([expect.stringContaining("fence went back")]);
  });

  test("reports more permits of a semaphore than its limit", () => {
    const semaphore = { mode: "semaphore", resources: ["s0"], limit: 2 } as Partial<Recorded>;
    const history = [
      acquired("a", 10, 5, { ...semaphore, permits: 2 }),
      acquired("b", 30, 6, semaphore),
      released("a", 50),
      released("b", 60),
    ];
    expect(check(report(history)).violations).toEqual([expect.stringContaining("3 permits taken")]);
  });

  test("reports a legitimate write the fenced store refused, and a stale one it accepted", () => {
    const history = [acquired("a", 10, 5), released("a", 20), acquired("b", 30, 6), released("b", 40)];
    const writes = [write("a", 5, 15, true), write("b", 6, 35, false), write("a", 5, 45, true)];
    expect(check(report(history, writes)).violations).toEqual([
      expect.stringContaining("legitimate write was refused"),
      expect.stringContaining("stale write was accepted"),
    ]);
  });

  test("lets a restart without persistence end every window on that Redis, but not reset its fences", () => {
    const volatile = { target: "volatile" } as Partial<Recorded>;
    const overlapping = [acquired("a", 10, 5, volatile), acquired("b", 30, 6, volatile), released("b", 40)];
    expect(check(report(overlapping, [], [20])).violations).toEqual([]);
    const reset = [acquired("a", 10, 5, volatile), acquired("b", 30, 1, volatile), released("b", 40)];
    expect(check(report(reset, [], [20])).violations).toEqual([expect.stringContaining("fence went back")]);
  });
});
