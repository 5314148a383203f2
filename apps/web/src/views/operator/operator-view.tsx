import { useState } from "preact/hooks";
import { useApp } from "../../app-context";
import { Notice } from "../../components/notice";
import { useTitle } from "../../hooks/use-title";
import { hrefOf } from "../../router";
import { CreateEventForm } from "./create-event-form";
import { HealthPanel } from "./health-panel";
import { SalesFigures } from "./sales-figures";

/** For an admin: the service's health, seats sold and left per event (live), and a form to create an event. */
export function OperatorView() {
  const { t, session } = useApp();
  const heading = t("operator.title");
  const [created, setCreated] = useState(0);
  useTitle(heading);
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title" tabIndex={-1}>
        {heading}
      </h1>
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
    </section>
  );
}
