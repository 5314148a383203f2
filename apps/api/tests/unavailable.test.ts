import { startRedis, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { call, inOneYear, startApi, type TestApi } from "./support/api.js";

describe("when Redis goes down", () => {
  let redis: OwnedRedis;
  let api: TestApi;
  let down = false;

  beforeAll(async () => {
    redis = await startRedis({ persistence: "none" });
    api = await startApi("real", { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    if (down) await redis.start().catch(() => {});
    await api?.stop();
    await redis?.stop();
  });

  test("readiness turns 503 DOWN while liveness stays UP, reservations answer 503 with Retry-After, and both recover", async () => {
    const admin = await api.token("admin", "admin");
    const user = await api.token("u-unavailable");
    const event = await call(api, "POST", "/api/events", {
      token: admin,
      body: { eventName: "Outage", totalSeats: 50, eventDate: inOneYear() },
    });
    expect(event.status).toBe(201);
    const reserve = () =>
      call(api, "POST", "/api/reservations", { token: user, body: { eventId: event.body.id, quantity: 1 } });
    expect((await reserve()).status).toBe(201);

    await redis.kill("SIGKILL");
    down = true;
    const health = await call(api, "GET", "/api/health");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "DOWN", database: "connected", redis: "down" });
    expect((await call(api, "GET", "/api/health/ready")).status).toBe(503);
    // What the load balancer probes: a dependency's outage must not take the instance out of service.
    expect((await call(api, "GET", "/api/health/live")).status).toBe(200);
    const refused = await reserve();
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: "E_UNAVAILABLE", type: "/api/docs#unavailable" });
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .+:\d+/);

    await redis.start();
    down = false;
    // However long the client takes to reconnect and the counter to be rebuilt on this machine.
    await waitUntil(async () => (await reserve()).status === 201, 30_000, "a reservation to succeed again");
    // Health answers from a check at most a second old.
    await waitUntil(
      async () => (await call(api, "GET", "/api/health")).body.status === "UP",
      5000,
      "health UP",
    );
  });
});
