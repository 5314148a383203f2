import { ApiProblem } from "../../api/problem";
import type { MessageKey, MessageParams } from "../../i18n/messages";
import type { NewEvent, WaitingRoomSettings } from "../../api/types";
import type { Bounds, EventLimits } from "./event-limits";
import { isoToLocalInput, localInputToIso } from "./local-date-time";

/** What the event form's inputs hold, as typed. */
export interface EventFormValues {
  eventName: string;
  totalSeats: string;
  /** datetime-local */
  eventDate: string;
  maxPerUser: string;
  holdSeconds: string;
  waitingRoom: boolean;
  /** datetime-local */
  opensAt: string;
  admitPerSecond: string;
  overbooking: string;
}

export type EventFormField = Exclude<keyof EventFormValues, "waitingRoom">;

/** A waiting room's fields, as typed: the event form's, and the form that changes a room during a sale. */
export type RoomFormValues = Pick<EventFormValues, "opensAt" | "admitPerSecond" | "overbooking">;

export type RoomFormField = keyof RoomFormValues;

/** A new room's rate and overbooking, until the operator types others. */
export const ROOM_DEFAULTS = { admitPerSecond: "50", overbooking: "1" } as const;

/** A room's settings as its form shows them: the opening in the browser's local time, to the minute. */
export function roomFormValues(settings: WaitingRoomSettings): RoomFormValues {
  return {
    opensAt: isoToLocalInput(settings.opensAt),
    admitPerSecond: String(settings.admitPerSecond),
    overbooking: String(settings.overbooking),
  };
}

/** A field's sentence: why it is refused, with the limits it names. */
export interface FieldRefusal {
  key: MessageKey;
  params: MessageParams;
}

export type FieldRefusals = Partial<Record<EventFormField, FieldRefusal>>;

export type CheckedForm = { ok: true; event: NewEvent } | { ok: false; refusals: FieldRefusals };

export type CheckedRoomForm =
  { ok: true; settings: WaitingRoomSettings } | { ok: false; refusals: FieldRefusals };

const refusal = (field: EventFormField, bounds?: Bounds, max?: number): FieldRefusal => ({
  key: `invalid.${field}`,
  params: bounds ? { min: bounds.min, max: bounds.max } : max === undefined ? {} : { max },
});

/** The sentence for a field, whether the form or the API refused it. */
export function refusalOf(field: EventFormField, limits: EventLimits | undefined): FieldRefusal {
  switch (field) {
    case "eventName":
      return limits
        ? refusal(field, undefined, limits.eventNameMaxLength)
        : { key: "field.invalid", params: {} };
    case "eventDate":
    case "opensAt":
      return refusal(field);
    default:
      return limits ? refusal(field, limits[field]) : { key: "field.invalid", params: {} };
  }
}

/** A number typed in the form ("" is absent), or NaN when it is not one. */
const numberOf = (value: string) => (value.trim() === "" ? undefined : Number(value.trim()));

const within = (value: number, bounds: Bounds | undefined) =>
  Number.isFinite(value) && (!bounds || (value >= bounds.min && value <= bounds.max));

/** A number typed within `bounds`, or undefined when it is absent, not a number or out of bounds. */
const numberWithin = (value: string, bounds: Bounds | undefined) => {
  const number = numberOf(value);
  return number !== undefined && within(number, bounds) ? number : undefined;
};

/**
 * Checks the form against the API's limits (when they could be read) and turns it into the `CreateEvent` body, or
 * says which fields are wrong. The API stays the judge: what passes here may still be refused there.
 */
export function checkEventForm(values: EventFormValues, limits: EventLimits | undefined): CheckedForm {
  const refusals: FieldRefusals = {};
  const refuse = (field: EventFormField) => (refusals[field] = refusalOf(field, limits));

  const eventName = values.eventName.trim();
  if (eventName === "" || (limits && eventName.length > limits.eventNameMaxLength)) refuse("eventName");

  const totalSeats = numberOf(values.totalSeats);
  if (totalSeats === undefined || !Number.isInteger(totalSeats) || !within(totalSeats, limits?.totalSeats))
    refuse("totalSeats");

  const eventDate = localInputToIso(values.eventDate);
  if (!eventDate) refuse("eventDate");

  const maxPerUser = numberOf(values.maxPerUser);
  if (maxPerUser !== undefined && (!Number.isInteger(maxPerUser) || !within(maxPerUser, limits?.maxPerUser)))
    refuse("maxPerUser");

  const holdSeconds = numberOf(values.holdSeconds);
  if (
    holdSeconds !== undefined &&
    (!Number.isInteger(holdSeconds) || !within(holdSeconds, limits?.holdSeconds))
  )
    refuse("holdSeconds");

  const room = values.waitingRoom ? checkRoom(values, limits, null, refuse) : undefined;

  if (Object.keys(refusals).length > 0) return { ok: false, refusals };
  return {
    ok: true,
    event: {
      eventName,
      totalSeats: totalSeats!,
      eventDate: eventDate!,
      maxPerUser: maxPerUser ?? null,
      holdSeconds: holdSeconds ?? null,
      waitingRoom: room ?? null,
    },
  };
}

/**
 * Checks a room's fields against the API's limits and turns them into its `WaitingRoomSettings`, or says which fields
 * are wrong. `inForce`: the room's settings now. An opening left as the form showed it is sent as the instant in force,
 * not the minute shown, so changing the rate of an open room never moves its opening (which the API refuses).
 */
export function checkRoomForm(
  values: RoomFormValues,
  limits: EventLimits | undefined,
  inForce: WaitingRoomSettings | null,
): CheckedRoomForm {
  const refusals: FieldRefusals = {};
  const settings = checkRoom(
    values,
    limits,
    inForce,
    (field) => (refusals[field] = refusalOf(field, limits)),
  );
  return settings ? { ok: true, settings } : { ok: false, refusals };
}

function checkRoom(
  values: RoomFormValues,
  limits: EventLimits | undefined,
  inForce: WaitingRoomSettings | null,
  refuse: (field: RoomFormField) => void,
): WaitingRoomSettings | undefined {
  const opensAt =
    inForce && values.opensAt === isoToLocalInput(inForce.opensAt)
      ? inForce.opensAt
      : localInputToIso(values.opensAt);
  const admitPerSecond = numberWithin(values.admitPerSecond, limits?.admitPerSecond);
  const overbooking = numberWithin(values.overbooking, limits?.overbooking);
  if (!opensAt) refuse("opensAt");
  if (admitPerSecond === undefined) refuse("admitPerSecond");
  if (overbooking === undefined) refuse("overbooking");
  return opensAt && admitPerSecond !== undefined && overbooking !== undefined
    ? { opensAt, admitPerSecond, overbooking }
    : undefined;
}

/**
 * The form's field an API refusal names: `body.waitingRoom.opensAt` is `opensAt`, `body.holdSeconds` is
 * `holdSeconds`; a path the form has no field for (the whole body) gives undefined.
 */
export function fieldOfPath(path: string): EventFormField | undefined {
  const parts = path.replace(/^body\.?/, "").split(".");
  const name = parts[0] === "waitingRoom" ? (parts[1] ?? "opensAt") : parts[0];
  const fields: readonly EventFormField[] = [
    "eventName",
    "totalSeats",
    "eventDate",
    "maxPerUser",
    "holdSeconds",
    "opensAt",
    "admitPerSecond",
    "overbooking",
  ];
  return fields.find((field) => field === name);
}

/** The fields an API refusal names (the `errors` of a 400), each with its sentence. */
export function refusalsOfProblem(problem: unknown, limits: EventLimits | undefined): FieldRefusals {
  const refused: FieldRefusals = {};
  for (const { path } of problem instanceof ApiProblem ? problem.fields : []) {
    const field = fieldOfPath(path);
    if (field) refused[field] = refusalOf(field, limits);
  }
  return refused;
}
