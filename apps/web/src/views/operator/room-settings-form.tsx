import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/problem";
import type { WaitingRoomSettings } from "../../api/types";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { useOutcome } from "../../hooks/use-outcome";
import { usePolling } from "../../hooks/use-polling";
import {
  checkRoomForm,
  refusalsOfProblem,
  ROOM_DEFAULTS,
  roomFormValues,
  type FieldRefusals,
  type RoomFormValues,
} from "./event-form-values";
import { limitsFrom } from "./event-limits";
import { FormField } from "./form-field";
import { isoToLocalInput } from "./local-date-time";
import { ROOM_FIELDS } from "./room-fields";

export interface RoomSettingsFormProps {
  eventId: string;
  /** The settings in force; null while the event sells directly. */
  settings: WaitingRoomSettings | null;
  /** The room has opened, so its opening can no longer move. */
  opened: boolean;
  /** Called with the settings the API answered a change with. */
  onChanged(settings: WaitingRoomSettings): void;
}

/**
 * PUT /api/events/{id}/waiting-room during a sale: the rate and overbooking of the event's room, its opening until it
 * opens, or a room for an event that sells directly. Fields the operator has not touched show the settings in force;
 * each wrong field, whether this form or the API found it, is marked and says why in a sentence.
 */
export function RoomSettingsForm({ eventId, settings, opened, onChanged }: RoomSettingsFormProps) {
  const { api, t, describe, formatDate } = useApp();
  const limits = usePolling(async () => limitsFrom(await api.openApi()), 0);
  // A room put on an event already on sale opens at once unless the operator sets a later time.
  const [fresh] = useState<RoomFormValues>(() => ({
    opensAt: isoToLocalInput(new Date().toISOString()),
    ...ROOM_DEFAULTS,
  }));
  const [edits, setEdits] = useState<Partial<RoomFormValues>>({});
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState<FieldRefusals>({});
  const outcome = useOutcome();
  const values: RoomFormValues = { ...(settings ? roomFormValues(settings) : fresh), ...edits };

  const submit = async (e: Event) => {
    e.preventDefault();
    const checked = checkRoomForm(values, limits.data, settings);
    if (!checked.ok) {
      setRefusals(checked.refusals);
      outcome.fail(t("create.check", { count: Object.keys(checked.refusals).length }));
      return;
    }
    setBusy(true);
    try {
      const inForce = await api.configureWaitingRoom(eventId, checked.settings);
      setEdits({});
      setRefusals({});
      outcome.succeed(t("room.done", { rate: inForce.admitPerSecond, overbooking: inForce.overbooking }));
      onChanged(inForce);
    } catch (problem) {
      const refused = refusalsOfProblem(problem, limits.data);
      if (problem instanceof ApiProblem && problem.code === "E_ROOM_ALREADY_OPEN")
        refused.opensAt = { key: "room.opensAtFixed", params: {} };
      setRefusals(refused);
      outcome.fail(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="room-settings" aria-labelledby="room-settings-title">
      <h3 id="room-settings-title">{t(settings ? "room.changeTitle" : "room.addTitle")}</h3>
      {!settings && <p class="muted">{t("room.addHint")}</p>}
      {limits.problem !== undefined && <Notice kind="error">{describe(limits.problem)}</Notice>}
      {outcome.notice}
      <form class="stack" onSubmit={submit} noValidate>
        {ROOM_FIELDS.map((spec) => (
          <FormField
            key={spec.name}
            spec={spec}
            form="room"
            limits={limits.data}
            value={values[spec.name]}
            refused={refusals[spec.name]}
            hint={
              spec.name === "opensAt" && opened && settings
                ? t("room.openedHint", { date: formatDate(settings.opensAt) })
                : undefined
            }
            onInput={(value) => setEdits((previous) => ({ ...previous, [spec.name]: value }))}
          />
        ))}
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? t("room.submitting") : t(settings ? "room.submit" : "room.addSubmit")}
        </button>
      </form>
    </section>
  );
}
