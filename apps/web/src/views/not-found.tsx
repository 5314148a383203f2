import { useApp } from "../app-context";
import { ViewPage } from "../components/view-page";
import { hrefOf } from "../router";

export function NotFound() {
  const { t } = useApp();
  return (
    <ViewPage title={t("notFound.title")}>
      <p>
        <a href={hrefOf({ name: "events" })}>{t("notFound.back")}</a>
      </p>
    </ViewPage>
  );
}
