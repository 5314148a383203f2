import { RESERVATION_LIMITS } from "@ticketing/reservation";
import { decodeJwt } from "jose";
import { loadConfig } from "../../src/config.js";
import { devSignInAllowed } from "../../src/auth/dev-sign-in.js";
import { call, inOneYear, startApi, type TestApi } from "../support/api.js";

const REAL_SECRET = "a-real-secret-of-at-least-32-characters!";

describe("devSignInAllowed", () => {
  test.each([
    ["the development secret outside production", {}, true],
    ["a JWT_SECRET", { JWT_SECRET: REAL_SECRET }, false],
    ["a JWKS_URL", { JWKS_URL: "https://id.example.com/.well-known/jwks.json" }, false],
    [
      "NODE_ENV=production",
      { NODE_ENV: "production", JWT_SECRET: REAL_SECRET, WAITING_ROOM_SECRET: REAL_SECRET },
      false,
    ],
  ])("with %s: %s", (_case, env, allowed) => {
    expect(devSignInAllowed(loadConfig(env))).toBe(allowed);
  });
});

describe("POST /api/dev/sign-in", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded", { JWT_SECRET: "" });
  });
  afterAll(() => api?.stop());

  test("mints a token for the name typed that the API accepts, with the role asked for", async () => {
    const buyer = await call(api, "POST", "/api/dev/sign-in", { body: { name: "  김민지 " } });
    expect(buyer.status).toBe(201);
    expect(buyer.headers.get("cache-control")).toBe("no-store");
    expect(buyer.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      userId: "김민지",
      role: "user",
      expiresAt: expect.any(String),
    });
    const { iat, exp, sub, role } = decodeJwt(buyer.body.token);
    expect({ sub, role, lifetime: exp! - iat! }).toEqual({ sub: "김민지", role: "user", lifetime: 8 * 3600 });
    expect(buyer.body.expiresAt).toBe(new Date(exp! * 1000).toISOString());

    const admin = await call(api, "POST", "/api/dev/sign-in", { body: { name: "ops", role: "admin" } });
    const event = await call(api, "POST", "/api/events", {
      token: admin.body.token,
      body: { eventName: "Dev Sign-in", totalSeats: 5, eventDate: inOneYear() },
    });
    expect(event.status).toBe(201);
    const reserved = await call(api, "POST", "/api/reservations", {
      token: buyer.body.token,
      body: { eventId: event.body.id, quantity: 1 },
    });
    expect(reserved.status).toBe(201);
    expect(reserved.body.userId).toBe("김민지");
    const refused = await call(api, "POST", "/api/events", {
      token: buyer.body.token,
      body: { eventName: "No", totalSeats: 5, eventDate: inOneYear() },
    });
    expect(refused.body.code).toBe("E_FORBIDDEN");
  });

  test.each([
    ["no name", {}],
    ["an empty name", { name: "" }],
    ["a blank name", { name: "   " }],
    ["a control character", { name: "kim\u0007" }],
    [
      `a name over ${RESERVATION_LIMITS.userIdMaxLength} characters`,
      { name: "k".repeat(RESERVATION_LIMITS.userIdMaxLength + 1) },
    ],
    ["an unknown role", { name: "kim", role: "root" }],
    ["an unknown field", { name: "kim", admin: true }],
    ["a name that is not a string", { name: 42 }],
  ])("refuses %s with E_INVALID_INPUT", async (_case, body) => {
    const response = await call(api, "POST", "/api/dev/sign-in", { body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("E_INVALID_INPUT");
  });

  test("refuses a body that is not JSON", async () => {
    const response = await call(api, "POST", "/api/dev/sign-in", {
      body: "name=kim",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.body.code).toBe("E_UNSUPPORTED_MEDIA_TYPE");
  });

  test("is listed in the OpenAPI document", async () => {
    const doc = (await call(api, "GET", "/api/openapi.json")).body;
    expect(doc.paths["/api/dev/sign-in"].post.operationId).toBe("devSignIn");
  });
});

describe.each([
  [
    "NODE_ENV=production",
    { NODE_ENV: "production", JWT_SECRET: REAL_SECRET, WAITING_ROOM_SECRET: REAL_SECRET },
  ],
  ["a JWT_SECRET", { JWT_SECRET: REAL_SECRET }],
])("with %s", (_case, env) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded", env);
  });
  afterAll(() => api?.stop());

  test("POST /api/dev/sign-in answers 404 and is not documented", async () => {
    const response = await call(api, "POST", "/api/dev/sign-in", { body: { name: "kim", role: "admin" } });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe("E_NOT_FOUND");
    const doc = (await call(api, "GET", "/api/openapi.json")).body;
    expect(doc.paths["/api/dev/sign-in"]).toBeUndefined();
  });
});
