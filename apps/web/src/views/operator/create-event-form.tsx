import type { InputHTMLAttributes } from "preact";
import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/problem";
import type { EventView } from "../../api/types";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { useOutcome } from "../../hooks/use-outcome";
import { usePolling } from "../../hooks/use-polling";
import type { MessageKey, MessageParams } from "../../i18n/messages";
import {
  checkEventForm,
  fieldOfPath,
  refusalOf,
  type EventFormField,
  type EventFormValues,
  type FieldRefusals,
} from "./event-form-values";
import { limitsFrom, type EventLimits } from "./event-limits";
import { isoToLocalInput, offsetOf } from "./local-date-time";

/** One input of the form; its limits come from the API's OpenAPI document once read. */
interface FieldSpec {
  name: EventFormField;
  label: MessageKey;
  /** A hint, and the limits it names (shown once the limits are known when it names any). */
  hint?: { key: MessageKey; params?: (limits: EventLimits) => MessageParams };
  input: (limits: EventLimits | undefined) => InputHTMLAttributes;
}

const range = (bounds: { min: number; max: number } | undefined) =>
  bounds ? { min: bounds.min, max: bounds.max } : {};

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

/** The waiting room's fields (`waitingRoom` of the body), shown when the event sells through one. */
const ROOM_FIELDS: readonly FieldSpec[] = [
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
    admitPerSecond: "50",
    overbooking: "1",
  };
}

/** The browser's zone, as the opening time's hint names it: "Asia/Seoul, UTC+09:00". */
const zoneName = () => `${Intl.DateTimeFormat().resolvedOptions().timeZone}, UTC${offsetOf(new Date())}`;

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
      const fields = problem instanceof ApiProblem ? problem.fields : [];
      const refused: FieldRefusals = {};
      for (const { path } of fields) {
        const field = fieldOfPath(path);
        if (field) refused[field] = refusalOf(field, limits.data);
      }
      setRefusals(refused);
      outcome.fail(problem);
    } finally {
      setBusy(false);
    }
  };

  const field = (spec: FieldSpec) => {
    const id = `create-${spec.name}`;
    const refused = refusals[spec.name];
    const hint =
      spec.hint &&
      (spec.hint.params
        ? limits.data && t(spec.hint.key, spec.hint.params(limits.data))
        : t(spec.hint.key, { zone: zoneName() }));
    const described = [hint && `${id}-hint`, refused && `${id}-error`].filter(Boolean).join(" ");
    return (
      <div key={spec.name} class="field">
        <label for={id}>{t(spec.label)}</label>
        {hint && (
          <p id={`${id}-hint`} class="muted">
            {hint}
          </p>
        )}
        <input
          id={id}
          name={spec.name}
          {...spec.input(limits.data)}
          aria-invalid={refused !== undefined}
          aria-describedby={described || undefined}
          value={values[spec.name]}
          onInput={(e) => setValues({ ...values, [spec.name]: e.currentTarget.value })}
        />
        {refused && (
          <p id={`${id}-error`} class="field-error">
            {t(refused.key, refused.params)}
          </p>
        )}
      </div>
    );
  };

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
