import type { InputHTMLAttributes } from "preact";
import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/problem";
import type { EventView, NewEvent } from "../../api/types";
import { useApp } from "../../app-context";
import { useOutcome } from "../../hooks/use-outcome";
import type { MessageKey } from "../../i18n/messages";

type FieldName = keyof Required<NewEvent>;

/**
 * The form's fields, in order; each maps to one property of the API's CreateEvent body. The waiting room and seat
 * holds add theirs (holdSeconds, waiting-room options) here.
 */
const FIELDS: readonly {
  name: FieldName;
  label: MessageKey;
  hint?: MessageKey;
  input: InputHTMLAttributes;
}[] = [
  { name: "eventName", label: "create.name", input: { type: "text", required: true, maxLength: 200 } },
  {
    name: "totalSeats",
    label: "create.seats",
    input: { type: "number", required: true, min: 1, max: 1_000_000 },
  },
  { name: "eventDate", label: "create.date", input: { type: "datetime-local", required: true } },
  {
    name: "maxPerUser",
    label: "create.maxPerUser",
    hint: "create.maxPerUserHint",
    input: { type: "number", required: false, min: 1, max: 1_000_000 },
  },
];

/** Tomorrow at 19:00 local time, as a datetime-local value. */
function defaultDate(): string {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  date.setHours(19, 0, 0, 0);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T19:00`;
}

function toNewEvent(values: Record<FieldName, string>): NewEvent {
  return {
    eventName: values.eventName.trim(),
    totalSeats: Number(values.totalSeats),
    // datetime-local has no zone: it is the operator's local time, sent as an instant.
    eventDate: new Date(values.eventDate).toISOString(),
    maxPerUser: values.maxPerUser.trim() === "" ? null : Number(values.maxPerUser),
  };
}

/** POST /api/events; fields the API refuses are marked invalid. */
export function CreateEventForm({ onCreated }: { onCreated?: (event: EventView) => void }) {
  const { api, t } = useApp();
  const initial: Record<FieldName, string> = {
    eventName: "",
    totalSeats: "100",
    eventDate: defaultDate(),
    maxPerUser: "4",
  };
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const outcome = useOutcome();

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const event = await api.createEvent(toNewEvent(values));
      setInvalid(new Set());
      outcome.succeed(t("create.done", { name: event.eventName }));
      setValues({ ...initial, eventDate: values.eventDate });
      onCreated?.(event);
    } catch (problem) {
      const fields = problem instanceof ApiProblem ? problem.fields : [];
      setInvalid(new Set(fields.map((field) => field.path.replace(/^body\./, "").split(".")[0]!)));
      outcome.fail(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">{t("create.title")}</h2>
      {outcome.notice}
      <form class="stack" onSubmit={submit}>
        {FIELDS.map((field) => {
          const id = `create-${field.name}`;
          const bad = invalid.has(field.name);
          const described = [field.hint && `${id}-hint`, bad && `${id}-error`].filter(Boolean).join(" ");
          return (
            <div key={field.name} class="field">
              <label for={id}>{t(field.label)}</label>
              {field.hint && (
                <p id={`${id}-hint`} class="muted">
                  {t(field.hint)}
                </p>
              )}
              <input
                id={id}
                name={field.name}
                {...field.input}
                aria-invalid={bad}
                aria-describedby={described || undefined}
                value={values[field.name]}
                onInput={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })}
              />
              {bad && (
                <p id={`${id}-error`} class="field-error">
                  {t("field.invalid")}
                </p>
              )}
            </div>
          );
        })}
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? t("create.submitting") : t("create.submit")}
        </button>
      </form>
    </section>
  );
}
