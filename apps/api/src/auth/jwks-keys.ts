import buildGetJwks from "get-jwks";

export interface JwksKeysOptions {
  /** A fetch of the key set that takes longer fails. @default 3000 (ms) */
  timeoutMs?: number;
  /** After a key was not found, tokens naming it are refused without asking again for this long. @default 30_000 (ms) */
  cooldownMs?: number;
}

/**
 * The public keys (PEM) of an identity provider's JSON Web Key Set, fetched and cached for 10 minutes by get-jwks.
 * A token naming a key the set does not hold makes one new fetch (keys rotate); more tokens naming it within the
 * cool-down are refused at once, so forged tokens cannot make the app flood the provider.
 */
export function createJwksKeys(url: URL, options: JwksKeysOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 3000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const getJwks = buildGetJwks({ jwksPath: url.pathname, ttl: 600_000 });
  const missing = new Map<string, number>();
  return async (alg: string, kid: string | undefined): Promise<string> => {
    const id = `${alg} ${kid ?? ""}`;
    if (Date.now() < (missing.get(id) ?? 0)) throw new Error(`no key ${id} in the key set (cooling down)`);
    try {
      return await withTimeout(
        getJwks.getPublicKey({ domain: url.origin, alg, ...(kid ? { kid } : {}) }),
        timeoutMs,
      );
    } catch (error) {
      // get-jwks's stable code for "the set (fetched just now) has no such key"; fetch failures are not remembered.
      if ((error as { code?: unknown }).code === "JWK_NOT_FOUND") {
        if (missing.size >= 1000) missing.clear();
        missing.set(id, Date.now() + cooldownMs);
      }
      throw error;
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the key set did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
