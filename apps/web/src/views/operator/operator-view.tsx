import { useState } from "preact/hooks";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { ViewPage } from "../../components/view-page";
import { hrefOf } from "../../router";
import { CreateEventForm } from "./create-event-form";
import { HealthPanel } from "./health-panel";
import { SalesFigures } from "./sales-figures";

/** For an admin: the service's health, seats sold and left per event (live), and a form to create an event. */
export function OperatorView() {
  const { t, session } = useApp();
  const [created, setCreated] = useState(0);
  return (
    <ViewPage title={t("operator.title")}>
      {session?.role === "admin" ? (
        <>
          <HealthPanel />
          <SalesFigures refresh={created} />
          <CreateEventForm onCreated={() => setCreated((count) => count + 1)} />
        </>
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
