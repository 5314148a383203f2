import {
  appendReading,
  niceCeiling,
  rateLine,
  scaler,
  seatBands,
  type LiveReading,
} from "../../../src/views/operator/live-series";

const reading = (at: number, values: Partial<LiveReading> = {}): LiveReading => ({
  at,
  total: 100,
  confirmed: 0,
  held: 0,
  available: 100,
  reservationsPerSecond: 0,
  ...values,
});

describe("appendReading", () => {
  test("keeps the readings of the window that ends at the newest", () => {
    let series: readonly LiveReading[] = [];
    for (const at of [0, 2_000, 4_000, 6_000, 8_000]) series = appendReading(series, reading(at), 4_000);
    expect(series.map((kept) => kept.at)).toEqual([4_000, 6_000, 8_000]);
  });

  test("starts over from the new reading when every kept one is older than the window", () => {
    const series = appendReading([reading(0), reading(1_000)], reading(60_000), 10_000);
    expect(series.map((kept) => kept.at)).toEqual([60_000]);
  });

  test.each([
    ["the same time", 2_000],
    ["an earlier time", 1_000],
  ])("ignores a reading taken at %s as the last one", (_, at) => {
    const series = [reading(0), reading(2_000)];
    expect(appendReading(series, reading(at, { confirmed: 5 }))).toBe(series);
  });
});

describe("niceCeiling", () => {
  test.each([
    [0, 1],
    [0.3, 1],
    [1, 1],
    [1.2, 2],
    [2.1, 2.5],
    [3, 5],
    [7, 10],
    [10, 10],
    [11, 20],
    [240, 250],
    [251, 500],
    [999, 1000],
    [Number.NaN, 1],
  ])("tops %p at %p", (value, top) => {
    expect(niceCeiling(value)).toBe(top);
  });

  test("tops small rates at a fraction when the floor allows", () => {
    expect(niceCeiling(0.3, 0.1)).toBe(0.5);
    expect(niceCeiling(0.25, 0.01)).toBe(0.25);
  });
});

describe("scaler", () => {
  const frame = { width: 200, height: 50 };

  test("puts the newest reading at the right edge and the window's start at the left", () => {
    const scale = scaler([reading(10_000), reading(130_000)], frame, 100, 120_000);
    expect(scale.x(130_000)).toBe(200);
    expect(scale.x(10_000)).toBe(0);
    expect(scale.x(70_000)).toBe(100);
  });

  test("stretches a history shorter than the window over the whole width", () => {
    const scale = scaler([reading(0), reading(2_000), reading(4_000)], frame, 100, 120_000);
    expect([scale.x(0), scale.x(2_000), scale.x(4_000)]).toEqual([0, 100, 200]);
  });

  test("puts zero at the bottom and the maximum at the top, clamping what lies outside", () => {
    const scale = scaler([reading(0)], frame, 100);
    expect([scale.y(0), scale.y(50), scale.y(100), scale.y(150), scale.y(-5)]).toEqual([50, 25, 0, 0, 50]);
  });
});

describe("seatBands", () => {
  const frame = { width: 100, height: 100 };

  test("draws nothing until there are two readings", () => {
    expect(seatBands([reading(0)], frame)).toMatchObject({ sold: "", held: "", available: "" });
  });

  test("stacks sold, held and available up to the seats in total", () => {
    const series = [
      reading(0, { confirmed: 10, held: 20, available: 70 }),
      reading(120_000, { confirmed: 50, held: 25, available: 25 }),
    ];
    const bands = seatBands(series, frame);
    expect(bands.max).toBe(100);
    expect(bands.sold).toBe("M0,90L100,50L100,100L0,100Z");
    expect(bands.held).toBe("M0,70L100,25L100,50L0,90Z");
    expect(bands.available).toBe("M0,0L100,0L100,25L0,70Z");
  });
});

describe("rateLine", () => {
  test("scales reservations per second to a round top", () => {
    const series = [
      reading(0, { reservationsPerSecond: 0 }),
      reading(60_000, { reservationsPerSecond: 3 }),
      reading(120_000, { reservationsPerSecond: 5 }),
    ];
    expect(rateLine(series, { width: 120, height: 10 })).toEqual({ max: 5, points: "0,10 60,4 120,0" });
  });

  test("keeps a flat line at the bottom of a 0-1 axis when nothing sells", () => {
    const series = [reading(0), reading(120_000)];
    expect(rateLine(series, { width: 10, height: 10 })).toEqual({ max: 1, points: "0,10 10,10" });
  });
});
