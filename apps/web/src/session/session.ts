import type { Role, Session } from "../api/types";

const STORAGE_KEY = "ticketing.session";

/**
 * What a JWT says about its holder (sub, role, exp), read without verifying it: the API verifies every call, the page
 * only needs a name to show and a user id for "my reservations". Null for anything that is not an unexpired token
 * with a `role` of user or admin.
 */
export function sessionFromToken(token: string, now = Date.now()): Session | null {
  const payload = token.trim().split(".")[1];
  if (!payload) return null;
  let claims: { sub?: unknown; role?: unknown; exp?: unknown };
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes)) as typeof claims;
  } catch {
    return null;
  }
  const { sub, role, exp } = claims;
  if (typeof sub !== "string" || !sub || typeof exp !== "number" || exp * 1000 <= now) return null;
  if (role !== "user" && role !== "admin") return null;
  return {
    token: token.trim(),
    userId: sub,
    role: role satisfies Role,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

/** The session of this tab (sessionStorage: it ends with the tab), if still unexpired. */
export function loadSession(storage: Pick<Storage, "getItem">, now = Date.now()): Session | null {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Session | null;
    if (!stored || Date.parse(stored.expiresAt) <= now) return null;
    return stored;
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, "setItem" | "removeItem">, session: Session | null): void {
  if (session) storage.setItem(STORAGE_KEY, JSON.stringify(session));
  else storage.removeItem(STORAGE_KEY);
}
