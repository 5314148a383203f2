import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { ApiConfig } from "../config.js";
import type { Actor } from "../engine.js";
import { ApiError } from "../errors.js";
import { isPrintable } from "../text.js";

/** Turns a bearer token into the caller, or throws E_UNAUTHENTICATED. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

const MAX_TOKEN_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const CLOCK_TOLERANCE_S = 5;

/**
 * HS256 with `auth.secret`, or RS256/ES256 against the key set at `auth.jwksUrl` (fetched and cached by jose).
 * Requires `sub`, `exp` and `role` ∈ {user, admin}; checks `iss`/`aud` when configured. `alg: none` never passes.
 */
export function createTokenVerifier(auth: ApiConfig["auth"]): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
    : new TextEncoder().encode(auth.secret ?? "");
  if (!auth.jwksUrl && !auth.secret) throw new Error("createTokenVerifier needs auth.secret or auth.jwksUrl");
  const algorithms = auth.jwksUrl ? ["RS256", "ES256"] : ["HS256"];
  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw unauthenticated("malformed token");
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key as Uint8Array, {
          algorithms,
          requiredClaims: ["sub", "exp"],
          clockTolerance: CLOCK_TOLERANCE_S,
          ...(auth.issuer ? { issuer: auth.issuer } : {}),
          ...(auth.audience ? { audience: auth.audience } : {}),
        }));
      } catch (error) {
        throw unauthenticated(reason(error), error);
      }
      const { sub, role } = payload;
      if (typeof sub !== "string" || sub.length === 0 || sub.length > 128 || !isPrintable(sub))
        throw unauthenticated("invalid sub claim");
      if (role !== "user" && role !== "admin") throw unauthenticated('role claim must be "user" or "admin"');
      return { userId: sub, role };
    },
  };
}

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "token expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `invalid ${error.claim} claim`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "unknown signing key";
  if (error instanceof joseErrors.JWKSTimeout) return "key set unavailable";
  return "invalid token";
}

function unauthenticated(detail: string, cause?: unknown): ApiError {
  return new ApiError("E_UNAUTHENTICATED", detail, {
    headers: { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${detail}"` },
    cause,
  });
}
