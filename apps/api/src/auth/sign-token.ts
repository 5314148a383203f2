import { createSigner } from "fast-jwt";
import type { ApiConfig } from "../config.js";
import type { Actor } from "../engine.js";

/**
 * Signs an HS256 token the API accepts (development and tests; production tokens come from an identity provider).
 * @param ttlSeconds lifetime, default 3600
 */
export async function signToken(
  actor: Actor,
  auth: Pick<ApiConfig["auth"], "secret" | "issuer" | "audience">,
  ttlSeconds = 3600,
): Promise<string> {
  if (!auth.secret)
    throw new Error(
      "signToken needs an HS256 secret (JWT_SECRET); tokens for JWKS_URL come from the identity provider",
    );
  const sign = createSigner({
    key: auth.secret,
    algorithm: "HS256",
    expiresIn: ttlSeconds * 1000,
    header: { alg: "HS256", typ: "JWT" },
    ...(auth.issuer ? { iss: auth.issuer } : {}),
    ...(auth.audience ? { aud: auth.audience } : {}),
  });
  return sign({ sub: actor.userId, role: actor.role });
}
