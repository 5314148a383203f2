import { createVerifier, TokenError, type Algorithm, type TokenValidationErrorCode } from "fast-jwt";
import type { ApiConfig } from "../config.js";
import type { Actor } from "../engine.js";
import { createJwksKeys } from "./jwks-keys.js";
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
  /**
   * Verified tokens remembered (least recently used evicted first); 0 disables the cache. The cache hashes every token
   * it is asked about, which costs about what an HS256 check does: with a secret it would slow each buyer's first
   * request down more than it speeds up the next ones.
   * @default 50_000 with `auth.jwksUrl`, 0 with `auth.secret`
   */
  maxEntries?: number;
  /** Longest a verified token is trusted without re-verification (ms); never beyond its `exp`. @default 300_000 */
  maxAgeMs?: number;
}

/**
 * HS256 with `auth.secret`, or RS256/ES256 against the key set at `auth.jwksUrl` (fetched and cached by get-jwks),
 * verified by fast-jwt. Requires `sub` (a user id: printable, at most 191 characters, no leading or trailing
 * whitespace), `exp` (at most `auth.maxLifetimeSeconds` ahead) and `role` ∈ {user, admin}; refuses an `iat` in the
 * future; checks `iss`/`aud` when configured. `alg: none` never passes. Clocks may differ by 5 s.
 *
 * fast-jwt rather than jose: jose verifies only through WebCrypto, whose every call is a job on libuv's thread
 * pool; 10,000 buyers arriving at once queued there for seconds, where node:crypto answers in the same tick.
 */
export function createTokenVerifier(
  auth: Omit<ApiConfig["auth"], "maxLifetimeSeconds"> & {
    /** Longest a token may still be valid, from now. @default 86_400 (s) */
    readonly maxLifetimeSeconds?: number;
  },
  cacheOptions: TokenCacheOptions = {},
): TokenVerifier {
  if (!auth.jwksUrl && !auth.secret) throw new Error("createTokenVerifier needs auth.secret or auth.jwksUrl");
  const maxEntries = cacheOptions.maxEntries ?? (auth.jwksUrl ? 50_000 : 0);
  const maxLifetimeS = auth.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
  const common = {
    requiredClaims: ["sub", "exp"] as string[],
    clockTolerance: CLOCK_TOLERANCE_S * 1000,
    // Keyed by a hash of the exact token; an entry lives until min(exp, now + maxAgeMs). Failures are not cached.
    cache: maxEntries > 0 ? maxEntries : false,
    cacheTTL: cacheOptions.maxAgeMs ?? 300_000,
    ...(auth.issuer ? { allowedIss: auth.issuer } : {}),
    ...(auth.audience ? { allowedAud: auth.audience } : {}),
  };
  let verifySignature: (token: string) => unknown;
  if (auth.jwksUrl) {
    const algorithms: Algorithm[] = ["RS256", "ES256"];
    const keyOf = createJwksKeys(new URL(auth.jwksUrl));
    verifySignature = createVerifier({
      ...common,
      algorithms,
      key: async ({ header }: { header: Record<string, string | undefined> }) => {
        // Before any fetch: a token in another algorithm must not make the app ask the identity provider.
        if (!algorithms.includes(header.alg as Algorithm))
          throw new TokenError(TokenError.codes.invalidAlgorithm, "The token algorithm is invalid.");
        return keyOf(header.alg!, header.kid);
      },
    });
  } else {
    verifySignature = createVerifier({ ...common, algorithms: ["HS256"], key: auth.secret! });
  }

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw unauthenticated("malformed token");
      let payload: Record<string, unknown>;
      try {
        payload = (await verifySignature(token)) as Record<string, unknown>;
      } catch (error) {
        throw unauthenticated(reason(error), error);
      }
      const { sub, role, exp, iat } = payload;
      if (!UserIdSchema.safeParse(sub).success) throw unauthenticated("invalid sub claim");
      if (role !== "user" && role !== "admin") throw unauthenticated('role claim must be "user" or "admin"');
      const nowS = Date.now() / 1000;
      if (Number(exp) > nowS + maxLifetimeS + CLOCK_TOLERANCE_S)
        throw unauthenticated(`exp claim is more than ${maxLifetimeS} s ahead`);
      if (iat !== undefined && !(Number(iat) <= nowS + CLOCK_TOLERANCE_S))
        throw unauthenticated("iat claim is in the future");
      return { userId: sub as string, role };
    },
  };
}

const REASONS: Partial<Record<TokenValidationErrorCode, string>> = {
  FAST_JWT_EXPIRED: "token expired",
  FAST_JWT_INACTIVE: "token not yet valid",
  FAST_JWT_INVALID_SIGNATURE: "bad signature",
  FAST_JWT_INVALID_ALGORITHM: "algorithm not allowed",
  FAST_JWT_KEY_FETCHING_ERROR: "no usable signing key",
  FAST_JWT_INVALID_CLAIM_VALUE: "iss or aud claim not allowed",
  FAST_JWT_MISSING_REQUIRED_CLAIM: "sub or exp claim missing",
};

function reason(error: unknown): string {
  return (error instanceof TokenError && REASONS[error.code]) || "invalid token";
}

function unauthenticated(detail: string, cause?: unknown): ApiError {
  return new ApiError("E_UNAUTHENTICATED", detail, {
    headers: { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${detail}"` },
    cause,
  });
}
