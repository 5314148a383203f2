import { useApp } from "../app-context";
import { useTitle } from "../hooks/use-title";
import { hrefOf } from "../router";

export function NotFound() {
  const { t } = useApp();
  const heading = t("notFound.title");
  useTitle(heading);
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title" tabIndex={-1}>
        {heading}
      </h1>
      <p>
        <a href={hrefOf({ name: "events" })}>{t("notFound.back")}</a>
      </p>
    </section>
  );
}
