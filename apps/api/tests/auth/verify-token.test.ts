import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { signToken } from "../../src/auth/sign-token.js";
import { createTokenVerifier } from "../../src/auth/verify-token.js";

const SECRET = "unit-test-secret-unit-test-secret-42";
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
const now = () => Math.floor(Date.now() / 1000);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

describe("createTokenVerifier with HS256", () => {
  const auth = {
    secret: SECRET,
    jwksUrl: null,
    devSecret: false,
    issuer: "https://id.test/",
    audience: "ticketing",
  };
  const verifier = createTokenVerifier(auth);

  test("accepts a token from signToken and returns the caller", async () => {
    const token = await signToken({ userId: "user123", role: "admin" }, auth);
    await expect(verifier.verify(token)).resolves.toEqual({ userId: "user123", role: "admin" });
  });

  test.each([
    ["a wrong issuer", { iss: "https://evil.test/", aud: "ticketing" }, "iss or aud claim not allowed"],
    ["a wrong audience", { iss: "https://id.test/", aud: "other" }, "iss or aud claim not allowed"],
    ["an expired token", { iss: "https://id.test/", aud: "ticketing", exp: now() - 60 }, "token expired"],
    [
      "a role outside user|admin",
      { iss: "https://id.test/", aud: "ticketing", role: "root" },
      'role claim must be "user" or "admin"',
    ],
  ])("refuses %s", async (_name, claims, message) => {
    const token = await new SignJWT({ role: "user", exp: now() + 600, ...claims })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(verifier.verify(token))).toBe(`E_UNAUTHENTICATED: ${message}`);
  });
});

describe("createTokenVerifier's claims on who and how long", () => {
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ role: "user", sub: "u1", exp: now() + 600, ...claims })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(SECRET));
  const verifier = createTokenVerifier({
    secret: SECRET,
    jwksUrl: null,
    devSecret: false,
    maxLifetimeSeconds: 3600,
  });

  test.each([
    ["a trailing space", "carol "],
    ["a leading space", " carol"],
    ["a trailing tab", "carol\t"],
    ["an ideographic space", "carol\u3000"],
    ["only spaces", "   "],
    ["192 characters", "u".repeat(192)],
  ])("refuses a sub with %s", async (_name, sub) => {
    expect(await codeOf(verifier.verify(await sign({ sub })))).toBe("E_UNAUTHENTICATED: invalid sub claim");
  });

  test("accepts a sub of 191 characters, the engine's longest user id", async () => {
    await expect(verifier.verify(await sign({ sub: "u".repeat(191) }))).resolves.toMatchObject({
      userId: "u".repeat(191),
    });
  });

  test("refuses a token valid for longer than maxLifetimeSeconds, and accepts one within it", async () => {
    expect(await codeOf(verifier.verify(await sign({ exp: now() + 7200 })))).toBe(
      "E_UNAUTHENTICATED: exp claim is more than 3600 s ahead",
    );
    await expect(verifier.verify(await sign({ exp: now() + 3000 }))).resolves.toMatchObject({ userId: "u1" });
  });

  test("refuses a token issued in the future, beyond a few seconds of clock skew", async () => {
    expect(await codeOf(verifier.verify(await sign({ iat: now() + 60 })))).toBe(
      "E_UNAUTHENTICATED: iat claim is in the future",
    );
    await expect(verifier.verify(await sign({ iat: now() + 2 }))).resolves.toMatchObject({ userId: "u1" });
  });

  test("allows a day by default", async () => {
    const byDefault = createTokenVerifier({ secret: SECRET, jwksUrl: null, devSecret: false });
    await expect(byDefault.verify(await sign({ exp: now() + 86_000 }))).resolves.toMatchObject({
      userId: "u1",
    });
    expect(await codeOf(byDefault.verify(await sign({ exp: now() + 90_000 })))).toBe(
      "E_UNAUTHENTICATED: exp claim is more than 86400 s ahead",
    );
  });
});

describe("createTokenVerifier's cache of verified tokens", () => {
  const auth = { secret: SECRET, jwksUrl: null, devSecret: false };
  const sign = (exp: number) =>
    new SignJWT({ role: "user", exp })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("cached-user")
      .sign(new TextEncoder().encode(SECRET));

  afterEach(() => jest.useRealTimers());

  test("answers a repeated token with the same caller", async () => {
    const verifier = createTokenVerifier(auth, { maxEntries: 50_000 });
    const token = await sign(now() + 600);
    const first = await verifier.verify(token);
    await expect(verifier.verify(token)).resolves.toEqual(first);
    expect(first).toEqual({ userId: "cached-user", role: "user" });
  });

  test("never serves a token whose signature differs from a cached one", async () => {
    const verifier = createTokenVerifier(auth, { maxEntries: 50_000 });
    const token = await sign(now() + 600);
    await verifier.verify(token);
    // A character in the middle of the signature: the last one carries padding bits that decoding ignores.
    const at = token.length - 10;
    const forged = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    expect(await codeOf(verifier.verify(forged))).toBe("E_UNAUTHENTICATED: bad signature");
  });

  test("stops trusting a cached token once its exp has passed", async () => {
    const verifier = createTokenVerifier(auth, { maxEntries: 50_000 });
    const start = Date.now();
    const token = await sign(Math.floor(start / 1000) + 60);
    await verifier.verify(token);
    jest.useFakeTimers({ now: start + 120_000, doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    expect(await codeOf(verifier.verify(token))).toBe("E_UNAUTHENTICATED: token expired");
  });
});

describe("createTokenVerifier with a JWKS URL", () => {
  let server: Server;
  let jwksUrl: string;
  const keys: Record<string, { privateKey: PrivateKey }> = {};

  beforeAll(async () => {
    const rsa = await generateKeyPair("RS256");
    const ec = await generateKeyPair("ES256");
    keys.rsa = rsa;
    keys.ec = ec;
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
        { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
      ],
    };
    server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (alg: "RS256" | "ES256", kid: string, key: PrivateKey, claims: Record<string, unknown> = {}) =>
    new SignJWT({ role: "user", ...claims })
      .setProtectedHeader({ alg, kid })
      .setSubject("idp-user")
      .setExpirationTime(now() + 600)
      .sign(key);

  test("accepts RS256 and ES256 tokens signed by the identity provider's keys", async () => {
    const verifier = createTokenVerifier({ secret: null, jwksUrl, devSecret: false });
    await expect(verifier.verify(await sign("RS256", "rsa-1", keys.rsa!.privateKey))).resolves.toEqual({
      userId: "idp-user",
      role: "user",
    });
    await expect(
      verifier.verify(await sign("ES256", "ec-1", keys.ec!.privateKey, { role: "admin" })),
    ).resolves.toEqual({
      userId: "idp-user",
      role: "admin",
    });
  });

  test("refuses a key the set does not hold and an HS256 token made with the public key's bytes", async () => {
    const verifier = createTokenVerifier({ secret: null, jwksUrl, devSecret: false });
    const stranger = await generateKeyPair("RS256");
    expect(await codeOf(verifier.verify(await sign("RS256", "rsa-1", stranger.privateKey)))).toBe(
      "E_UNAUTHENTICATED: bad signature",
    );
    const hs = await new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256", kid: "rsa-1" })
      .setSubject("x")
      .setExpirationTime(now() + 600)
      .sign(
        new TextEncoder().encode(JSON.stringify(await exportJWK((await generateKeyPair("RS256")).publicKey))),
      );
    expect(await codeOf(verifier.verify(hs))).toBe("E_UNAUTHENTICATED: algorithm not allowed");
  });
});
