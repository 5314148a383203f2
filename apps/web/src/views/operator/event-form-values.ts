import type { MessageKey, MessageParams } from "../../i18n/messages";
import type { NewEvent } from "../../api/types";
import type { Bounds, EventLimits } from "./event-limits";
import { localInputToIso } from "./local-date-time";

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

/** A field's sentence: why it is refused, with the limits it names. */
export interface FieldRefusal {
  key: MessageKey;
  params: MessageParams;
}

export type FieldRefusals = Partial<Record<EventFormField, FieldRefusal>>;

export type CheckedForm = { ok: true; event: NewEvent } | { ok: false; refusals: FieldRefusals };

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

  let opensAt: string | null = null;
  let admitPerSecond: number | undefined;
  let overbooking: number | undefined;
  if (values.waitingRoom) {
    opensAt = localInputToIso(values.opensAt);
    if (!opensAt) refuse("opensAt");
    admitPerSecond = numberOf(values.admitPerSecond);
    if (admitPerSecond === undefined || !within(admitPerSecond, limits?.admitPerSecond))
      refuse("admitPerSecond");
    overbooking = numberOf(values.overbooking);
    if (overbooking === undefined || !within(overbooking, limits?.overbooking)) refuse("overbooking");
  }

  if (Object.keys(refusals).length > 0) return { ok: false, refusals };
  return {
    ok: true,
    event: {
      eventName,
      totalSeats: totalSeats!,
      eventDate: eventDate!,
      maxPerUser: maxPerUser ?? null,
      holdSeconds: holdSeconds ?? null,
      waitingRoom: values.waitingRoom
        ? { opensAt: opensAt!, admitPerSecond: admitPerSecond!, overbooking: overbooking! }
        : null,
    },
  };
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
