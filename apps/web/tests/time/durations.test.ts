import {
  COUNTDOWN_MILESTONES_MS,
  describeWait,
  formatClock,
  isMeaningfulAheadChange,
  passedMilestone,
} from "../../src/time/durations";
import { translate } from "../../src/i18n/messages";

describe("formatClock", () => {
  test.each([
    [300_000, "5:00"],
    [299_001, "5:00"],
    [299_000, "4:59"],
    [65_000, "1:05"],
    [9_000, "0:09"],
    [1, "0:01"],
    [0, "0:00"],
    [-5_000, "0:00"],
    [3_723_000, "1:02:03"],
  ])("writes %d ms as %s, rounding up so that 0:00 means the time is up", (ms, clock) => {
    expect(formatClock(ms)).toBe(clock);
  });
});

describe("describeWait", () => {
  test.each([
    [null, "still being measured", "계산 중"],
    [12_000, "less than a minute", "1분 미만"],
    [60_000, "about 1 minute", "약 1분"],
    [150_000, "about 3 minutes", "약 3분"],
    [89 * 60_000, "about 89 minutes", "약 89분"],
    [2 * 3_600_000, "about 2 hours", "약 2시간"],
  ])("says a wait of %s ms as %j in English and %j in Korean", (ms, english, korean) => {
    const wait = describeWait(ms);
    expect(translate("en", wait.key, wait.params)).toBe(english);
    expect(translate("ko", wait.key, wait.params)).toBe(korean);
  });
});

describe("passedMilestone", () => {
  test("names each milestone once as a countdown ticks down second by second", () => {
    const passed: number[] = [];
    for (let left = 301_000; left >= 0; left -= 1000) {
      const milestone = passedMilestone(left + 1000, left);
      if (milestone !== null) passed.push(milestone);
    }
    expect(passed).toEqual([...COUNTDOWN_MILESTONES_MS]);
  });

  test("names the latest of several milestones passed between two readings (a tab in the background)", () => {
    expect(passedMilestone(200_000, 20_000)).toBe(30_000);
    expect(passedMilestone(20_000, 19_000)).toBeNull();
  });
});

describe("isMeaningfulAheadChange", () => {
  test("announces the first reading, then each halving, about ten times for a thousand people ahead", () => {
    let last: number | null = null;
    const said: number[] = [];
    for (let ahead = 1000; ahead >= 0; ahead--) {
      if (isMeaningfulAheadChange(last, ahead)) {
        said.push(ahead);
        last = ahead;
      }
    }
    expect(said).toEqual([1000, 500, 250, 125, 62, 31, 15, 7, 3, 1, 0]);
  });

  test("does not announce a line that did not move or moved back", () => {
    expect(isMeaningfulAheadChange(10, 10)).toBe(false);
    expect(isMeaningfulAheadChange(10, 12)).toBe(false);
  });
});
