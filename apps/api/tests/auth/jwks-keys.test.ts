import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import { createJwksKeys } from "../../src/auth/jwks-keys.js";

describe("createJwksKeys", () => {
  let server: Server;
  let url: URL;
  let fetches = 0;

  beforeAll(async () => {
    const { publicKey } = await generateKeyPair("RS256");
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" }] });
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader("content-type", "application/json");
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/keys/jwks.json`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    fetches = 0;
  });

  test("fetches the set once for a key it holds, then answers from its cache", async () => {
    const keyOf = createJwksKeys(url);
    const pem = await keyOf("RS256", "k1");
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    await keyOf("RS256", "k1");
    expect(fetches).toBe(1);
  });

  test("asks the set once about a key it does not hold, and refuses it at once during the cool-down", async () => {
    const keyOf = createJwksKeys(url, { cooldownMs: 60_000 });
    await expect(keyOf("RS256", "forged")).rejects.toMatchObject({ code: "JWK_NOT_FOUND" });
    for (let i = 0; i < 20; i++) await expect(keyOf("RS256", "forged")).rejects.toThrow(/cooling down/);
    expect(fetches).toBe(1);
  });
});
