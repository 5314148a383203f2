import {
  isoToLocalInput,
  localInputToIso,
  offsetMinutes,
  toOffsetIso,
} from "../../../src/views/operator/local-date-time";

describe("localInputToIso", () => {
  test.each([
    ["Asia/Seoul", "2030-01-31T19:00", "2030-01-31T19:00:00+09:00"],
    ["UTC", "2030-01-31T19:00", "2030-01-31T19:00:00+00:00"],
    ["America/New_York", "2030-01-31T19:00", "2030-01-31T19:00:00-05:00"],
    ["America/New_York", "2030-07-01T19:00", "2030-07-01T19:00:00-04:00"],
    ["Asia/Kolkata", "2030-01-31T19:00:30", "2030-01-31T19:00:30+05:30"],
    ["America/St_Johns", "2030-01-31T08:15", "2030-01-31T08:15:00-03:30"],
    ["Asia/Seoul", "2028-02-29T00:00", "2028-02-29T00:00:00+09:00"],
    ["Pacific/Kiritimati", "2030-12-31T23:59", "2030-12-31T23:59:00+14:00"],
  ])("reads the wall-clock time of %s: %s is %s", (zone, value, iso) => {
    expect(localInputToIso(value, zone)).toBe(iso);
  });

  test("names the instant the wall-clock time is, whatever the zone", () => {
    expect(Date.parse(localInputToIso("2030-01-31T19:00", "Asia/Seoul")!)).toBe(
      Date.parse("2030-01-31T10:00:00Z"),
    );
    expect(Date.parse(localInputToIso("2030-01-31T05:00", "America/New_York")!)).toBe(
      Date.parse("2030-01-31T10:00:00Z"),
    );
  });

  test("moves a time skipped by the spring-forward change on by the hour skipped", () => {
    // 2030-03-10 02:00 EST: clocks jump to 03:00 EDT, so 02:30 does not exist in New York that night
    expect(localInputToIso("2030-03-10T02:30", "America/New_York")).toBe("2030-03-10T03:30:00-04:00");
    // 2030-03-31 02:00 CET: clocks jump to 03:00 CEST
    expect(localInputToIso("2030-03-31T02:15", "Europe/Berlin")).toBe("2030-03-31T03:15:00+02:00");
  });

  test("gives a time that happens twice one of its two instants, with the offset that goes with it", () => {
    expect(["2030-11-03T01:30:00-04:00", "2030-11-03T01:30:00-05:00"]).toContain(
      localInputToIso("2030-11-03T01:30", "America/New_York"),
    );
    expect(["2030-10-27T02:30:00+02:00", "2030-10-27T02:30:00+01:00"]).toContain(
      localInputToIso("2030-10-27T02:30", "Europe/Berlin"),
    );
  });

  test.each([
    "",
    "tomorrow",
    "2030-02-30T19:00",
    "2029-02-29T10:00",
    "2030-13-01T10:00",
    "2030-00-10T10:00",
    "2030-01-31T24:00",
    "2030-01-31T19:60",
    "2030-01-31 19:00",
    "2030-01-31",
  ])("refuses %j", (value) => {
    expect(localInputToIso(value, "Asia/Seoul")).toBeNull();
  });
});

describe("offsetMinutes", () => {
  test("follows the zone's daylight-saving time", () => {
    expect(offsetMinutes(Date.parse("2030-01-15T12:00:00Z"), "Europe/London")).toBe(0);
    expect(offsetMinutes(Date.parse("2030-07-15T12:00:00Z"), "Europe/London")).toBe(60);
    expect(offsetMinutes(Date.parse("2030-07-15T12:00:00.750Z"), "Asia/Seoul")).toBe(540);
  });
});

describe("isoToLocalInput", () => {
  test("writes an instant as the wall-clock time of the zone", () => {
    expect(isoToLocalInput("2030-01-31T10:00:00Z", "Asia/Seoul")).toBe("2030-01-31T19:00");
    expect(isoToLocalInput("2030-01-31T10:00:00Z", "America/New_York")).toBe("2030-01-31T05:00");
  });

  test("reads back through localInputToIso to the same instant", () => {
    const value = isoToLocalInput("2030-06-15T16:45:00Z", "Europe/Berlin");
    expect(Date.parse(localInputToIso(value, "Europe/Berlin")!)).toBe(Date.parse("2030-06-15T16:45:00Z"));
  });
});

describe("toOffsetIso", () => {
  test("writes the date in the zone with the zone's offset", () => {
    expect(toOffsetIso(new Date("2030-01-31T10:00:00Z"), "Australia/Adelaide")).toBe(
      "2030-01-31T20:30:00+10:30",
    );
  });
});
