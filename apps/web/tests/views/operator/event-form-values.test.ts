import {
  checkEventForm,
  fieldOfPath,
  type EventFormValues,
} from "../../../src/views/operator/event-form-values";
import type { EventLimits } from "../../../src/views/operator/event-limits";

const limits: EventLimits = {
  eventNameMaxLength: 20,
  totalSeats: { min: 1, max: 1000 },
  maxPerUser: { min: 1, max: 1000 },
  holdSeconds: { min: 1, max: 600 },
  admitPerSecond: { min: 0.01, max: 500 },
  overbooking: { min: 1, max: 10 },
};

const values = (changes: Partial<EventFormValues> = {}): EventFormValues => ({
  eventName: " Opening Night ",
  totalSeats: "100",
  eventDate: "2030-01-31T19:00",
  maxPerUser: "4",
  holdSeconds: "",
  waitingRoom: false,
  opensAt: "2030-01-20T10:00",
  admitPerSecond: "50",
  overbooking: "1.2",
  ...changes,
});

describe("checkEventForm", () => {
  test("turns the form into the API's body, empty options as null", () => {
    const checked = checkEventForm(values(), limits);
    expect(checked).toEqual({
      ok: true,
      event: {
        eventName: "Opening Night",
        totalSeats: 100,
        eventDate: expect.stringMatching(/^2030-01-31T19:00:00[+-]\d\d:\d\d$/),
        maxPerUser: 4,
        holdSeconds: null,
        waitingRoom: null,
      },
    });
  });

  test("sends the holds and the waiting room when they are asked for", () => {
    const checked = checkEventForm(values({ holdSeconds: "300", waitingRoom: true, maxPerUser: "" }), limits);
    expect(checked).toMatchObject({
      ok: true,
      event: {
        maxPerUser: null,
        holdSeconds: 300,
        waitingRoom: {
          opensAt: expect.stringMatching(/^2030-01-20T10:00:00[+-]\d\d:\d\d$/),
          admitPerSecond: 50,
          overbooking: 1.2,
        },
      },
    });
  });

  test("does not check the waiting room's fields while it is off", () => {
    expect(checkEventForm(values({ opensAt: "", admitPerSecond: "0" }), limits).ok).toBe(true);
  });

  test.each<[Partial<EventFormValues>, string, Record<string, number>]>([
    [{ eventName: "   " }, "invalid.eventName", { max: 20 }],
    [{ eventName: "x".repeat(21) }, "invalid.eventName", { max: 20 }],
    [{ totalSeats: "0" }, "invalid.totalSeats", { min: 1, max: 1000 }],
    [{ totalSeats: "2.5" }, "invalid.totalSeats", { min: 1, max: 1000 }],
    [{ totalSeats: "" }, "invalid.totalSeats", { min: 1, max: 1000 }],
    [{ eventDate: "2030-02-30T19:00" }, "invalid.eventDate", {}],
    [{ maxPerUser: "1001" }, "invalid.maxPerUser", { min: 1, max: 1000 }],
    [{ holdSeconds: "601" }, "invalid.holdSeconds", { min: 1, max: 600 }],
    [{ holdSeconds: "1.5" }, "invalid.holdSeconds", { min: 1, max: 600 }],
    [{ waitingRoom: true, opensAt: "" }, "invalid.opensAt", {}],
    [{ waitingRoom: true, admitPerSecond: "0.001" }, "invalid.admitPerSecond", { min: 0.01, max: 500 }],
    [{ waitingRoom: true, admitPerSecond: "" }, "invalid.admitPerSecond", { min: 0.01, max: 500 }],
    [{ waitingRoom: true, overbooking: "0.5" }, "invalid.overbooking", { min: 1, max: 10 }],
  ])("refuses %j with the sentence %s naming the limits", (changes, key, params) => {
    const checked = checkEventForm(values(changes), limits);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.values(checked.refusals)).toEqual([{ key, params }]);
  });

  test("leaves the limits to the API when they could not be read", () => {
    expect(checkEventForm(values({ totalSeats: "99999999" }), undefined).ok).toBe(true);
    expect(checkEventForm(values({ totalSeats: "abc" }), undefined)).toEqual({
      ok: false,
      refusals: { totalSeats: { key: "field.invalid", params: {} } },
    });
  });
});

describe("fieldOfPath", () => {
  test.each([
    ["body.eventName", "eventName"],
    ["body.holdSeconds", "holdSeconds"],
    ["body.waitingRoom.admitPerSecond", "admitPerSecond"],
    ["body.waitingRoom.opensAt", "opensAt"],
    ["body.waitingRoom", "opensAt"],
    ["body", undefined],
    ["body.colour", undefined],
  ])("finds the field of %s", (path, field) => {
    expect(fieldOfPath(path)).toBe(field);
  });
});
