import type { RoomFormField } from "./event-form-values";
import { range, type FieldSpec } from "./form-field";

/** A waiting room's fields, in order: `waitingRoom` of a new event's body, or the settings of an event's room. */
export const ROOM_FIELDS: readonly FieldSpec<RoomFormField>[] = [
  {
    name: "opensAt",
    label: "create.opensAt",
    hint: { key: "create.opensAtHint" },
    input: () => ({ type: "datetime-local", required: true }),
  },
  {
    name: "admitPerSecond",
    label: "create.admitPerSecond",
    hint: { key: "create.admitPerSecondHint", params: (limits) => ({ ...limits.admitPerSecond }) },
    input: (limits) => ({ type: "number", required: true, step: "any", ...range(limits?.admitPerSecond) }),
  },
  {
    name: "overbooking",
    label: "create.overbooking",
    hint: { key: "create.overbookingHint", params: (limits) => ({ ...limits.overbooking }) },
    input: (limits) => ({ type: "number", required: true, step: "any", ...range(limits?.overbooking) }),
  },
];
