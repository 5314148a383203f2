import { useState } from "preact/hooks";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { ViewPage } from "../../components/view-page";
import { LIVE_INTERVAL_MS, usePolling } from "../../hooks/use-polling";
import { hrefOf } from "../../router";
import { CreateEventForm } from "./create-event-form";
import { HealthPanel } from "./health-panel";
import { LivePanel } from "./live-panel";
import { loadAllEvents } from "./load-events";
import { SalesFigures } from "./sales-figures";
import "./operator.css";

/**
 * For an admin: the service's health, one event's opening live (seats, waiting room, traffic, chart), seats sold and
 * left per event, and a form to create an event with holds and a waiting room.
 */
export function OperatorView() {
  const { t, session } = useApp();
  return (
    <ViewPage title={t("operator.title")}>
      {session?.role === "admin" ? (
        <OperatorPanels />
      ) : (
        <Notice kind="info">
          <a href={hrefOf({ name: "signIn", next: hrefOf({ name: "operator" }) })}>
            {t("operator.adminOnly")}
          </a>
        </Notice>
      )}
    </ViewPage>
  );
}

function OperatorPanels() {
  const { api } = useApp();
  const [created, setCreated] = useState(0);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const events = usePolling((signal) => loadAllEvents(api, signal), LIVE_INTERVAL_MS, [created]);
  const items = events.data ?? [];
  // the soonest event until the operator chooses one; an event just created is chosen for them
  const selected = chosen ?? items[0]?.id;
  return (
    <>
      <HealthPanel />
      <LivePanel events={items} selected={selected} onSelect={setChosen} />
      <SalesFigures events={events} />
      <CreateEventForm
        onCreated={(event) => {
          setChosen(event.id);
          setCreated((count) => count + 1);
        }}
      />
    </>
  );
}
