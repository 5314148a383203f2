import { useEffect } from "preact/hooks";
import { useApp } from "../app-context";

/** Sets the tab's title to `heading · <site>`, so each view is told apart in history and by screen readers. */
export function useTitle(heading: string): void {
  const { t } = useApp();
  const site = t("app.title");
  useEffect(() => {
    document.title = heading === site ? site : `${heading} · ${site}`;
  }, [heading, site]);
}
