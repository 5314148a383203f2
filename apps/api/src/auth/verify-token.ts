import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import type { ApiConfig } from "../config.js";
import type { Actor } from "../engine.js";
import { ApiError } from "../errors.js";
import { UserIdSchema } from "../schemas.js";

/** Turns a bearer token into the caller, or throws E_UNAUTHENTICATED. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

const MAX_TOKEN_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// How far the issuer's clock may be ahead of or behind this one, for `exp`, `nbf` and `iat`.
const CLOCK_TOLERANCE_S = 5;

/** The default of `auth.maxLifetimeSeconds`: a token may not be valid for more than a day from now. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 86_400;

export interface TokenCacheOptions {
  /** Verified tokens remembered (least recently used evicted first); 0 disables the cache. @default 50_000 */
  maxEntries?: number;
  /** Longest a verified token is trusted without re-verification (ms); never beyond its `exp`. @default 300_000 */
  maxAgeMs?: number;
}

/**
 * HS256 with `auth.secret`, or RS256/ES256 against the key set at `auth.jwksUrl` (fetched and cached by jose).
 * Requires `sub` (a user id: printable, at most 191 characters, no leading or trailing whitespace), `exp` (at most
 * `auth.maxLifetimeSeconds` ahead) and `role` ∈ {user, admin}; refuses an `iat` in the future; checks `iss`/`aud`
 * when configured. `alg: none` never passes. Clocks may differ by 5 s.
 */
export function createTokenVerifier(
  auth: Omit<ApiConfig["auth"], "maxLifetimeSeconds"> & {
    /** Longest a token may still be valid, from now. @default 86_400 (s) */
    readonly maxLifetimeSeconds?: number;
  },
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
  const maxLifetimeS = auth.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
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
      const { sub, role, exp, iat } = payload;
      if (!UserIdSchema.safeParse(sub).success) throw unauthenticated("invalid sub claim");
      if (role !== "user" && role !== "admin") throw unauthenticated('role claim must be "user" or "admin"');
      const nowS = Date.now() / 1000;
      if (Number(exp) > nowS + maxLifetimeS + CLOCK_TOLERANCE_S)
        throw unauthenticated(`exp claim is more than ${maxLifetimeS} s ahead`);
      if (iat !== undefined && Number(iat) > nowS + CLOCK_TOLERANCE_S)
        throw unauthenticated("iat claim is in the future");
      const actor: Actor = Object.freeze({ userId: sub as string, role });
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
