import type { InputHTMLAttributes } from "preact";
import { useApp } from "../../app-context";
import type { MessageKey, MessageParams } from "../../i18n/messages";
import type { EventFormField, FieldRefusal } from "./event-form-values";
import type { EventLimits } from "./event-limits";
import { offsetOf } from "./local-date-time";

/** One input of an operator's form; its limits come from the API's OpenAPI document once read. */
export interface FieldSpec<Field extends EventFormField = EventFormField> {
  name: Field;
  label: MessageKey;
  /** A hint, and the limits it names (shown once the limits are known when it names any). */
  hint?: { key: MessageKey; params?: (limits: EventLimits) => MessageParams };
  input: (limits: EventLimits | undefined) => InputHTMLAttributes;
}

export const range = (bounds: { min: number; max: number } | undefined) =>
  bounds ? { min: bounds.min, max: bounds.max } : {};

/** The browser's zone, as an opening time's hint names it: "Asia/Seoul, UTC+09:00". */
const zoneName = () => `${Intl.DateTimeFormat().resolvedOptions().timeZone}, UTC${offsetOf(new Date())}`;

export interface FormFieldProps {
  spec: FieldSpec;
  /** Prefixes the ids of the input, its hint and its sentence, unique on the page: `create`, `room`. */
  form: string;
  limits: EventLimits | undefined;
  value: string;
  /** Why the field is refused, by the form or the API; it is then marked `aria-invalid`. */
  refused: FieldRefusal | undefined;
  /** A hint of the caller's instead of the spec's. */
  hint?: string | undefined;
  onInput(value: string): void;
}

/** A labelled input with its hint and, when refused, its sentence, both tied to it by `aria-describedby`. */
export function FormField({ spec, form, limits, value, refused, hint: ownHint, onInput }: FormFieldProps) {
  const { t } = useApp();
  const id = `${form}-${spec.name}`;
  const hint =
    ownHint ??
    (spec.hint &&
      (spec.hint.params
        ? limits && t(spec.hint.key, spec.hint.params(limits))
        : t(spec.hint.key, { zone: zoneName() })));
  const described = [hint && `${id}-hint`, refused && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{t(spec.label)}</label>
      {hint && (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={spec.name}
        {...spec.input(limits)}
        aria-invalid={refused !== undefined}
        aria-describedby={described || undefined}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {refused && (
        <p id={`${id}-error`} class="field-error">
          {t(refused.key, refused.params)}
        </p>
      )}
    </div>
  );
}
