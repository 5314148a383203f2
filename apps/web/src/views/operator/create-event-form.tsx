import { useState } from "preact/hooks";
import type { EventView } from "../../api/types";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { useOutcome } from "../../hooks/use-outcome";
import { usePolling } from "../../hooks/use-polling";
import {
  checkEventForm,
  refusalsOfProblem,
  ROOM_DEFAULTS,
  type EventFormValues,
  type FieldRefusals,
} from "./event-form-values";
import { limitsFrom } from "./event-limits";
import { FormField, range, type FieldSpec } from "./form-field";
import { isoToLocalInput } from "./local-date-time";
import { ROOM_FIELDS } from "./room-fields";

/** The event's own fields, in order; each maps to one property of the API's CreateEvent body. */
const EVENT_FIELDS: readonly FieldSpec[] = [
  {
    name: "eventName",
    label: "create.name",
    input: (limits) => ({ type: "text", required: true, maxLength: limits?.eventNameMaxLength }),
  },
  {
    name: "totalSeats",
    label: "create.seats",
    input: (limits) => ({ type: "number", required: true, step: 1, ...range(limits?.totalSeats) }),
  },
  { name: "eventDate", label: "create.date", input: () => ({ type: "datetime-local", required: true }) },
  {
    name: "maxPerUser",
    label: "create.maxPerUser",
    hint: { key: "create.maxPerUserHint" },
    input: (limits) => ({ type: "number", step: 1, ...range(limits?.maxPerUser) }),
  },
  {
    name: "holdSeconds",
    label: "create.holdSeconds",
    hint: { key: "create.holdSecondsHint", params: (limits) => ({ ...limits.holdSeconds }) },
    input: (limits) => ({ type: "number", step: 1, ...range(limits?.holdSeconds) }),
  },
];

/** Tomorrow at 19:00 local time, and the sale opening an hour from now, as datetime-local values. */
function initialValues(): EventFormValues {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  date.setHours(19, 0, 0, 0);
  return {
    eventName: "",
    totalSeats: "100",
    eventDate: isoToLocalInput(date.toISOString()),
    maxPerUser: "4",
    holdSeconds: "",
    waitingRoom: false,
    opensAt: isoToLocalInput(new Date(Date.now() + 3600 * 1000).toISOString()),
    ...ROOM_DEFAULTS,
  };
}

/**
 * POST /api/events with seat holds and a waiting room. Fields are checked against the API's limits before sending;
 * each wrong field, whether this form or the API found it, is marked and says why in a sentence.
 */
export function CreateEventForm({ onCreated }: { onCreated?: (event: EventView) => void }) {
  const { api, t, describe } = useApp();
  const limits = usePolling(async () => limitsFrom(await api.openApi()), 0);
  const [values, setValues] = useState(initialValues);
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState<FieldRefusals>({});
  const outcome = useOutcome();

  const submit = async (e: Event) => {
    e.preventDefault();
    const checked = checkEventForm(values, limits.data);
    if (!checked.ok) {
      setRefusals(checked.refusals);
      outcome.fail(t("create.check", { count: Object.keys(checked.refusals).length }));
      return;
    }
    setBusy(true);
    try {
      const event = await api.createEvent(checked.event);
      setRefusals({});
      outcome.succeed(t("create.done", { name: event.eventName }));
      setValues({ ...initialValues(), eventDate: values.eventDate });
      onCreated?.(event);
    } catch (problem) {
      setRefusals(refusalsOfProblem(problem, limits.data));
      outcome.fail(problem);
    } finally {
      setBusy(false);
    }
  };

  const field = (spec: FieldSpec) => (
    <FormField
      key={spec.name}
      spec={spec}
      form="create"
      limits={limits.data}
      value={values[spec.name]}
      refused={refusals[spec.name]}
      onInput={(value) => setValues({ ...values, [spec.name]: value })}
    />
  );

  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">{t("create.title")}</h2>
      {limits.problem !== undefined && <Notice kind="error">{describe(limits.problem)}</Notice>}
      {outcome.notice}
      <form class="stack" onSubmit={submit} noValidate>
        {EVENT_FIELDS.map(field)}
        <fieldset class="stack option-group">
          <legend>{t("live.room")}</legend>
          <label class="check">
            <input
              type="checkbox"
              name="waitingRoom"
              checked={values.waitingRoom}
              aria-describedby="create-room-hint"
              onChange={(e) => setValues({ ...values, waitingRoom: e.currentTarget.checked })}
            />
            {t("create.room")}
          </label>
          <p id="create-room-hint" class="muted">
            {t("create.roomHint")}
          </p>
          {values.waitingRoom && ROOM_FIELDS.map(field)}
        </fieldset>
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? t("create.submitting") : t("create.submit")}
        </button>
      </form>
    </section>
  );
}
