import { useEffect, useState } from "preact/hooks";
import { parseRoute, type Route } from "../router";

/** The view the URL's fragment names, following back/forward and link clicks. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
