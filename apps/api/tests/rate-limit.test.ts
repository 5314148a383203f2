import { createClient } from "@redis/client";
import { redisServer, uniquePrefix, waitUntil } from "@ticketing/testing";
import { call, startApi, type TestApi } from "./support/api.js";

/** Per-IP counters are fixed windows aligned to the epoch: a run that straddled two would be counted twice. */
async function startWellInsideWindow(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left));
}

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
      const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}rl:user:limited-user:*`);
      expect(keys).toHaveLength(1);
      expect(await redis.get(keys[0]!)).toBe("4");
      // The counter expires on its own, one window after its own ends.
      expect(await redis.pTTL(keys[0]!)).toBeGreaterThan(60_000);
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
    await startWellInsideWindow(windowMs);
    const first = await call(api, "GET", "/api/events");
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"ip";q=2;w=3600');
    expect(first.headers.get("ratelimit")).toMatch(/^"ip";r=1;t=\d+$/);
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
    await startWellInsideWindow(windowMs);
    const token = await api.token("both-limits-user");
    const first = await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"ip";q=50;w=3600, "user";q=5;w=3600');
    expect(first.headers.get("ratelimit")).toMatch(/^"ip";r=49;t=\d+, "user";r=4;t=\d+$/);
    for (let i = 0; i < 4; i++) await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    const limited = await call(api, "GET", "/api/reservations/user/both-limits-user", { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("ratelimit")).toMatch(/^"ip";r=44;t=\d+, "user";r=0;t=\d+$/);
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
    await startWellInsideWindow(windowMs);
    const from = (api: TestApi, ip: string) =>
      call(api, "GET", "/api/events", { headers: { "X-Forwarded-For": ip } });
    // A client talking to the app directly cannot pick its bucket by forging the header.
    expect((await from(direct, "203.0.113.1")).status).toBe(200);
    expect((await from(direct, "203.0.113.2")).status).toBe(429);
    expect((await call(direct, "GET", "/api/events")).status).toBe(429);
    // Behind one trusted hop, the address the proxy appended is the client.
    expect((await from(proxied, "203.0.113.1")).status).toBe(200);
    expect((await from(proxied, "203.0.113.2")).status).toBe(200);
    expect((await from(proxied, "203.0.113.1")).status).toBe(429);
    expect((await call(proxied, "GET", "/api/events")).status).toBe(200);
  });

  test("shares the per-IP count between instances through batched Redis updates", async () => {
    const prefix = uniquePrefix("api-rl-shared-ip");
    const windowMs = 3_600_000;
    const env = { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_IP: "4", RATE_LIMIT_WINDOW_MS: String(windowMs) };
    const a = await startApi("real", env);
    const b = await startApi("real", env);
    apis.push(a, b);
    const redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    await startWellInsideWindow(windowMs);
    const counted = async () => {
      let total = 0;
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}rl:ip:*` })) {
        for (const key of keys) total += Number(await redis.get(key));
      }
      return total;
    };
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        statuses.push((await call(i % 2 === 0 ? a : b, "GET", "/api/events")).status);
        // Each instance flushes its hit to Redis before the next request, as it would between real requests.
        await waitUntil(async () => (await counted()) === i + 1, 10_000, `hit ${i + 1} flushed`);
      }
    } finally {
      redis.destroy();
    }
    const allowed = statuses.filter((status) => status === 200).length;
    // Alone, each instance would allow 4 (8 in all). Shared, the fleet allows the limit plus the one hit that the
    // other instance flushed after this one last read the total.
    expect(allowed).toBe(5);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
  });
});
