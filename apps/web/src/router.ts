/** The page's views, addressed by the URL's fragment (`#/events/<id>`), so the server only ever serves `/`. */
export type Route =
  | { name: "events" }
  | { name: "event"; id: string }
  | { name: "mine" }
  | { name: "signIn"; next?: string }
  | { name: "operator" }
  | { name: "notFound" };

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "events" };
  if (parts[0] === "events" && parts.length === 2) return { name: "event", id: parts[1]! };
  if (parts.length === 1) {
    if (parts[0] === "me") return { name: "mine" };
    if (parts[0] === "operator") return { name: "operator" };
    if (parts[0] === "sign-in") {
      const next = new URLSearchParams(query).get("next");
      return next?.startsWith("#/") ? { name: "signIn", next } : { name: "signIn" };
    }
  }
  return { name: "notFound" };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case "events":
      return "#/";
    case "event":
      return `#/events/${encodeURIComponent(route.id)}`;
    case "mine":
      return "#/me";
    case "signIn":
      return route.next ? `#/sign-in?${new URLSearchParams({ next: route.next })}` : "#/sign-in";
    case "operator":
      return "#/operator";
    case "notFound":
      return "#/not-found";
  }
}
