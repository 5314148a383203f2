import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { call, startApi, type TestApi } from "./support/api.js";

// draft-8 fields: a list item per limit, each policy with its partition key (a hash of the counted key).
const policy = (name: string, quota: number, windowS: number) =>
  `"${name}"; q=${quota}; w=${windowS}; pk=:[^:]+:`;
const remaining = (name: string, left: number) => `"${name}"; r=${left}; t=\\d+`;

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
    const redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    try {
      const key = `${env.REDIS_KEY_PREFIX}rl:user:limited-user`;
      expect(await redis.get(key)).toBe("4");
      // The counter expires on its own when its window ends.
      expect(await redis.pTTL(key)).toBeGreaterThan(0);
      expect(await redis.pTTL(key)).toBeLessThanOrEqual(60_000);
    } finally {
      redis.destroy();
    }
    const otherUser = await call(b, "GET", "/api/reservations/user/free-user", {
      token: await b.token("free-user"),
    });
    expect(otherUser.status).toBe(200);
  });

  test("limits anonymous callers per IP but never the health check", async () => {
    const windowMs = 3_600_000;
    const api = await startApi("real", {
      REDIS_KEY_PREFIX: uniquePrefix("api-rl-ip"),
      RATE_LIMIT_PER_IP: "2",
      RATE_LIMIT_WINDOW_MS: String(windowMs),
    });
    apis.push(api);
    const first = await call(api, "GET", "/api/events");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toMatch(new RegExp(`^${policy("ip", 2, 3600)}$`));
    expect(first.headers.get("ratelimit")).toMatch(new RegExp(`^${remaining("ip", 1)}$`));
    expect((await call(api, "GET", "/api/events")).status).toBe(200);
    const limited = await call(api, "GET", "/api/events");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await call(api, "GET", "/api/health")).status).toBe(200);
  });

  test("tells an authenticated caller both its per-IP and its per-user limit", async () => {
    const windowMs = 3_600_000;
    const api = await startApi("real", {
      REDIS_KEY_PREFIX: uniquePrefix("api-rl-both"),
      RATE_LIMIT_PER_IP: "50",
      RATE_LIMIT_PER_USER: "5",
      RATE_LIMIT_WINDOW_MS: String(windowMs),
    });
    apis.push(api);
    const token = await api.token("both-limits-user");
    const first = await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toMatch(
      new RegExp(`^${policy("ip", 50, 3600)}, ${policy("user", 5, 3600)}$`),
    );
    expect(first.headers.get("ratelimit")).toMatch(
      new RegExp(`^${remaining("ip", 49)}, ${remaining("user", 4)}$`),
    );
    for (let i = 0; i < 4; i++) await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    const limited = await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("ratelimit")).toMatch(
      new RegExp(`^${remaining("ip", 44)}, ${remaining("user", 0)}$`),
    );
  });

  test("takes the client IP from X-Forwarded-For only behind a trusted proxy", async () => {
    const windowMs = 3_600_000;
    const env = { RATE_LIMIT_PER_IP: "1", RATE_LIMIT_WINDOW_MS: String(windowMs) };
    const direct = await startApi("real", { ...env, REDIS_KEY_PREFIX: uniquePrefix("api-rl-direct") });
    const proxied = await startApi("real", {
      ...env,
      REDIS_KEY_PREFIX: uniquePrefix("api-rl-proxied"),
      TRUST_PROXY: "1",
    });
    apis.push(direct, proxied);
    const from = (api: TestApi, ip: string) =>
      call(api, "GET", "/api/events", { headers: { "X-Forwarded-For": ip } });
    // A client talking to the app directly cannot pick its bucket by forging the header.
    expect((await from(direct, "203.0.113.1")).status).toBe(200);
    expect((await from(direct, "203.0.113.2")).status).toBe(429);
    expect((await call(direct, "GET", "/api/events")).status).toBe(429);
    // …and the operator is told once that a proxy seems to stand in front of an app that trusts none.
    expect(
      direct.logs.filter((line) => JSON.stringify(line).includes("ERR_ERL_UNEXPECTED_X_FORWARDED_FOR")),
    ).toHaveLength(1);
    // Behind one trusted hop, the address the proxy appended is the client.
    expect((await from(proxied, "203.0.113.1")).status).toBe(200);
    expect((await from(proxied, "203.0.113.2")).status).toBe(200);
    expect((await from(proxied, "203.0.113.1")).status).toBe(429);
    expect((await call(proxied, "GET", "/api/events")).status).toBe(200);
  });

  test("shares the per-IP count between instances exactly", async () => {
    const prefix = uniquePrefix("api-rl-shared-ip");
    const env = { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_IP: "4", RATE_LIMIT_WINDOW_MS: "3600000" };
    const a = await startApi("real", env);
    const b = await startApi("real", env);
    apis.push(a, b);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await call(i % 2 === 0 ? a : b, "GET", "/api/events")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
    const redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    try {
      expect(await redis.get(`${prefix}rl:ip:127.0.0.1`)).toBe("10");
    } finally {
      redis.destroy();
    }
  });
});
