import { createHmac } from "node:crypto";

export interface Answer {
  /** HTTP status, or 0 when no answer came (refused, reset, timed out). */
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One request with a time limit; a request that gets no answer is status 0, not an exception. */
export async function request(
  url: string,
  init: { method?: string; token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  } catch {
    return { status: 0, body: {} };
  }
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** An HS256 JWT the API accepts (`sub`, `role`, one hour), signed with the JWT secret the instance was given. */
export function hs256Token(secret: string, subject: string, role: "user" | "admin"): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ sub: subject, role, iat: now, exp: now + 3600 }));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
