import { sessionFromToken } from "../../src/session/session";
import { startApi, type RunningApi } from "../support/api-server";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const unsigned = (claims: Record<string, unknown>) =>
  `${encode({ alg: "HS256" })}.${encode(claims)}.signature`;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe("sessionFromToken", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ mode: "embedded" });
  });
  afterAll(() => api?.stop());

  test("reads the holder of a token the API signed", async () => {
    const session = await api.signIn("김민지", "admin");
    expect(sessionFromToken(`  ${session.token}\n`)).toEqual(session);
  });

  test.each([
    ["not a JWT", "hello"],
    ["a payload that is not JSON", "a.b.c"],
    ["an expired token", unsigned({ sub: "u", role: "user", exp: Math.floor(Date.now() / 1000) - 1 })],
    ["no expiry", unsigned({ sub: "u", role: "user" })],
    ["no subject", unsigned({ role: "user", exp: inAnHour() })],
    ["an unknown role", unsigned({ sub: "u", role: "root", exp: inAnHour() })],
  ])("refuses %s", (_case, token) => {
    expect(sessionFromToken(token)).toBeNull();
  });
});
