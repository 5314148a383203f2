import { SignJWT } from "jose";
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
  let jwt = new SignJWT({ role: actor.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(actor.userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (auth.issuer) jwt = jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt = jwt.setAudience(auth.audience);
  return jwt.sign(new TextEncoder().encode(auth.secret));
}
