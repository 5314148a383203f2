import { ApiProblem } from "../../../src/api/problem";
import type { WaitingRoomSettings } from "../../../src/api/types";
import {
  checkEventForm,
  checkRoomForm,
  fieldOfPath,
  refusalsOfProblem,
  roomFormValues,
  type EventFormValues,
  type RoomFormValues,
} from "../../../src/views/operator/event-form-values";
import type { EventLimits } from "../../../src/views/operator/event-limits";
import { isoToLocalInput } from "../../../src/views/operator/local-date-time";

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

describe("checkRoomForm", () => {
  // an opening with seconds and milliseconds, as a room opened "now" by the API has
  const inForce: WaitingRoomSettings = {
    opensAt: "2030-01-20T01:02:03.456Z",
    admitPerSecond: 50,
    overbooking: 1.2,
  };
  const room = (changes: Partial<RoomFormValues> = {}): RoomFormValues => ({
    ...roomFormValues(inForce),
    ...changes,
  });

  test("shows the settings in force, the opening to the minute in local time", () => {
    expect(roomFormValues(inForce)).toEqual({
      opensAt: isoToLocalInput(inForce.opensAt),
      admitPerSecond: "50",
      overbooking: "1.2",
    });
  });

  test("sends the opening in force to the millisecond when it is left as shown", () => {
    expect(checkRoomForm(room({ admitPerSecond: "20" }), limits, inForce)).toEqual({
      ok: true,
      settings: { opensAt: inForce.opensAt, admitPerSecond: 20, overbooking: 1.2 },
    });
  });

  test("sends an opening typed anew as the instant it names", () => {
    const checked = checkRoomForm(room({ opensAt: "2030-01-21T19:00" }), limits, inForce);
    expect(checked).toMatchObject({
      ok: true,
      settings: { opensAt: expect.stringMatching(/^2030-01-21T19:00:00[+-]\d\d:\d\d$/) },
    });
  });

  test("turns the fields of a room not in place yet into its settings", () => {
    const checked = checkRoomForm(
      { opensAt: "2030-01-20T10:00", admitPerSecond: "0.5", overbooking: "1" },
      limits,
      null,
    );
    expect(checked).toMatchObject({ ok: true, settings: { admitPerSecond: 0.5, overbooking: 1 } });
  });

  test.each<[Partial<RoomFormValues>, string, Record<string, number>]>([
    [{ opensAt: "" }, "invalid.opensAt", {}],
    [{ opensAt: "2030-02-30T10:00" }, "invalid.opensAt", {}],
    [{ admitPerSecond: "501" }, "invalid.admitPerSecond", { min: 0.01, max: 500 }],
    [{ admitPerSecond: "fast" }, "invalid.admitPerSecond", { min: 0.01, max: 500 }],
    [{ admitPerSecond: " " }, "invalid.admitPerSecond", { min: 0.01, max: 500 }],
    [{ overbooking: "0.9" }, "invalid.overbooking", { min: 1, max: 10 }],
  ])("refuses %j with the sentence %s naming the limits", (changes, key, params) => {
    const checked = checkRoomForm(room(changes), limits, inForce);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.values(checked.refusals)).toEqual([{ key, params }]);
  });
});

describe("refusalsOfProblem", () => {
  test("marks each field a 400 names, with its sentence, and nothing for other refusals", () => {
    const invalid = new ApiProblem({
      code: "E_INVALID_INPUT",
      status: 400,
      detail: "invalid",
      fields: [
        { path: "body.admitPerSecond", message: "too big" },
        { path: "body", message: "unknown key" },
      ],
    });
    expect(refusalsOfProblem(invalid, limits)).toEqual({
      admitPerSecond: { key: "invalid.admitPerSecond", params: { min: 0.01, max: 500 } },
    });
    const opened = new ApiProblem({ code: "E_ROOM_ALREADY_OPEN", status: 409, detail: "opened" });
    expect(refusalsOfProblem(opened, limits)).toEqual({});
    expect(refusalsOfProblem(new Error("boom"), limits)).toEqual({});
  });
});
