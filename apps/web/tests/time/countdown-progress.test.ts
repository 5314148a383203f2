import { advanceCountdown, type CountdownProgress } from "../../src/time/countdown-progress";

/** Feeds readings of (deadline, ms left) to one countdown, as its clock would, and lists what it reported. */
function readings(steps: Array<[deadline: number, leftMs: number]>) {
  let progress: CountdownProgress | null = null;
  return steps.map(([deadline, leftMs]) => {
    const next = advanceCountdown(progress, deadline, leftMs);
    progress = next.progress;
    return { milestone: next.milestone, zero: next.zero };
  });
}

describe("advanceCountdown", () => {
  test("reports the time being up once, however often zero is read", () => {
    expect(
      readings([
        [1000, 2000],
        [1000, 0],
        [1000, 0],
      ]).map((step) => step.zero),
    ).toEqual([false, true, false]);
  });

  test("reports zero at once for a deadline already past", () => {
    expect(readings([[1000, 0]])).toEqual([{ milestone: null, zero: true }]);
  });

  test("reports the zero of a new deadline on the same clock (the opening, then the admission)", () => {
    const opening = 1000;
    const admissionOver = 90_000;
    const steps = readings([
      [opening, 1000],
      [opening, 0],
      [admissionOver, 60_000],
      [admissionOver, 0],
    ]);
    expect(steps.map((step) => step.zero)).toEqual([false, true, false, true]);
  });

  test("announces a milestone passed on one deadline, never one crossed by moving to another", () => {
    const steps = readings([
      [1, 31_000],
      [1, 29_000],
      [2, 300_000],
      [2, 299_000],
    ]);
    expect(steps.map((step) => step.milestone)).toEqual([null, 30_000, null, null]);
  });
});
