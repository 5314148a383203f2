import { useEffect, useState } from "preact/hooks";
import { parseRoute, type Route } from "../router";

/** The view the URL's fragment names, following back/forward and link clicks. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () =>
      setRoute((current) => {
        const next = parseRoute(location.hash);
        return JSON.stringify(next) === JSON.stringify(current) ? current : next;
      });
    addEventListener("hashchange", onChange);
    // The fragment may have changed between the first render and this effect, with no listener to hear it.
    onChange();
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
