import { uniquePrefix } from "@ticketing/testing";
import { call, startApi, type TestApi } from "./support/api.js";

describe("rate limiting shared through Redis", () => {
  const apis: TestApi[] = [];
  afterAll(async () => {
    for (const api of apis) await api.stop();
  });

  test("counts a user's requests across two instances and answers 429 with Retry-After", async () => {
    const env = {
      REDIS_KEY_PREFIX: uniquePrefix("api-rl"),
      RATE_LIMIT_PER_USER: "3",
      RATE_LIMIT_WINDOW_MS: "60000",
    };
    apis.push(await startApi("real", env), await startApi("real", env));
    const [a, b] = apis as [TestApi, TestApi];
    const token = await a.token("limited-user");
    const statuses: number[] = [];
    for (const api of [a, b, a]) {
      statuses.push((await call(api, "GET", "/api/reservations/user/limited-user", { token })).status);
    }
    const limited = await call(b, "GET", "/api/reservations/user/limited-user", { token });
    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      code: "E_RATE_LIMITED",
      type: "/api/docs#rate-limited",
      status: 429,
    });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const otherUser = await call(b, "GET", "/api/reservations/user/free-user", {
      token: await b.token("free-user"),
    });
    expect(otherUser.status).toBe(200);
  });

  test("limits anonymous callers per IP but never the health check", async () => {
    const api = await startApi("real", {
      REDIS_KEY_PREFIX: uniquePrefix("api-rl-ip"),
      RATE_LIMIT_PER_IP: "2",
    });
    apis.push(api);
    expect((await call(api, "GET", "/api/events")).status).toBe(200);
    expect((await call(api, "GET", "/api/events")).status).toBe(200);
    const limited = await call(api, "GET", "/api/events");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await call(api, "GET", "/api/health")).status).toBe(200);
  });

  test("shares the per-IP count between instances through batched Redis updates", async () => {
    const env = { REDIS_KEY_PREFIX: uniquePrefix("api-rl-shared-ip"), RATE_LIMIT_PER_IP: "4" };
    const a = await startApi("real", env);
    const b = await startApi("real", env);
    apis.push(a, b);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await call(i % 2 === 0 ? a : b, "GET", "/api/events")).status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const allowed = statuses.filter((status) => status === 200).length;
    // Alone, each instance would allow 4 (8 in all); shared, the fleet allows the limit plus at most one flush of lag.
    expect(allowed).toBeGreaterThanOrEqual(4);
    expect(allowed).toBeLessThanOrEqual(5);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});
