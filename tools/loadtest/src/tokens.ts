import { SignJWT } from "jose";

/**
 * The secret apps/api (src/config.ts) verifies with when neither JWT_SECRET nor JWKS_URL is set. Only for local runs: a deployed
 * API has its own JWT_SECRET, which the tools read from the environment or `--jwt-secret`.
 */
export const DEV_JWT_SECRET = "dev-only-insecure-secret-change-me-0123456789";

export type Role = "user" | "admin";

/** Signs an HS256 token with the claims the API checks: `sub`, `role` and `exp`. */
export function createTokenFactory(
  secret: string,
  options: { ttlSeconds?: number; issuer?: string; audience?: string } = {},
) {
  const key = new TextEncoder().encode(secret);
  const ttl = options.ttlSeconds ?? 3600;
  return async (sub: string, role: Role): Promise<string> => {
    let jwt = new SignJWT({ role })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttl);
    if (options.issuer) jwt = jwt.setIssuer(options.issuer);
    if (options.audience) jwt = jwt.setAudience(options.audience);
    return jwt.sign(key);
  };
}

export type TokenFactory = ReturnType<typeof createTokenFactory>;
