import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
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

export interface TokenCacheOptions {
  /** Verified tokens remembered (least recently used evicted first); 0 disables the cache. @default 50_000 */
  maxEntries?: number;
  /** Longest a verified token is trusted without re-verification (ms); never beyond its `exp`. @default 300_000 */
  maxAgeMs?: number;
}

/**
 * HS256 with `auth.secret`, or RS256/ES256 against the key set at `auth.jwksUrl` (fetched and cached by jose).
 * Requires `sub`, `exp` and `role` ∈ {user, admin}; checks `iss`/`aud` when configured. `alg: none` never passes.
 */
export function createTokenVerifier(
  auth: ApiConfig["auth"],
  cacheOptions: TokenCacheOptions = {},
): TokenVerifier {
  const maxEntries = cacheOptions.maxEntries ?? 50_000;
  const maxAgeMs = cacheOptions.maxAgeMs ?? 300_000;
  // Keyed by the exact token string: a verified token maps to its caller until min(exp, now + maxAgeMs), so clients
  // reusing a token skip the signature check and JSON parsing. Only tokens that passed every check are stored.
  const verified = new Map<string, { actor: Actor; until: number }>();
  if (!auth.jwksUrl && !auth.secret) throw new Error("createTokenVerifier needs auth.secret or auth.jwksUrl");
  const jwks = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 })
    : undefined;
  // Imported once: handing jose the raw bytes makes it import an HMAC key on every verification (about half its cost).
  let hmacKey: ReturnType<typeof crypto.subtle.importKey> | undefined;
  const secretKey = () =>
    (hmacKey ??= crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(auth.secret ?? ""),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    ));
  const algorithms = auth.jwksUrl ? ["RS256", "ES256"] : ["HS256"];
  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated("malformed token");
      const hit = verified.get(token);
      if (hit) {
        verified.delete(token);
        if (Date.now() < hit.until) {
          verified.set(token, hit);
          return hit.actor;
        }
      }
      if (!JWT_SHAPE.test(token)) throw unauthenticated("malformed token");
      let payload;
      try {
        const options = {
          algorithms,
          requiredClaims: ["sub", "exp"],
          clockTolerance: CLOCK_TOLERANCE_S,
          ...(auth.issuer ? { issuer: auth.issuer } : {}),
          ...(auth.audience ? { audience: auth.audience } : {}),
        };
        ({ payload } = jwks
          ? await jwtVerify(token, jwks, options)
          : await jwtVerify(token, await secretKey(), options));
      } catch (error) {
        throw unauthenticated(reason(error), error);
      }
      const { sub, role } = payload;
      if (typeof sub !== "string" || sub.length === 0 || sub.length > 128 || !isPrintable(sub))
        throw unauthenticated("invalid sub claim");
      if (role !== "user" && role !== "admin") throw unauthenticated('role claim must be "user" or "admin"');
      const actor: Actor = Object.freeze({ userId: sub, role });
      const until = Math.min(Number(payload.exp) * 1000, Date.now() + maxAgeMs);
      if (maxEntries > 0 && until > Date.now()) {
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
        verified.set(token, { actor, until });
      }
      return actor;
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
