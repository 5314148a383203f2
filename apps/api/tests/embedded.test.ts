import { call, startApi, type TestApi } from "./support/api.js";

describe("embedded mode (no DATABASE_URL, no REDIS_URL)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded", { JWT_SECRET: "", SEED_DEMO_EVENT: "" });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test("says so in its first log line and warns about the development secret", () => {
    expect(api.logs[0]).toMatchObject({
      level: "info",
      mode: "embedded",
      msg: expect.stringContaining("EMBEDDED mode"),
    });
    expect(api.logs[1]).toMatchObject({ level: "warn", msg: expect.stringContaining("development secret") });
    expect(api.config.auth.devSecret).toBe(true);
  });

  test("reports embedded dependencies in health", async () => {
    const health = await call(api, "GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "UP", database: "embedded", redis: "embedded" });
  });

  test("seeds one demo event that can be reserved with a dev token", async () => {
    const events = await call(api, "GET", "/api/events");
    expect(events.body.items).toHaveLength(1);
    const [demo] = events.body.items;
    expect(demo).toMatchObject({ eventName: "Demo Concert", totalSeats: 100 });
    const token = await api.token("user123");
    const made = await call(api, "POST", "/api/reservations", {
      token,
      body: { eventId: demo.id, quantity: 2 },
    });
    expect(made.status).toBe(201);
    const mine = await call(api, "GET", "/api/reservations/user/user123", { token });
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([made.body.id]);
    const cancelled = await call(api, "DELETE", `/api/reservations/${made.body.id}`, { token });
    expect(cancelled.body.status).toBe("CANCELLED");
  });
});
