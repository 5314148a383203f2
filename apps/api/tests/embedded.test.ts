import { waitUntil } from "@ticketing/testing";
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

  test("seeds a demo event that can be reserved with a dev token", async () => {
    const events = await call(api, "GET", "/api/events");
    expect(events.body.items).toHaveLength(2);
    const [demo] = events.body.items;
    expect(demo).toMatchObject({
      eventName: "Demo Concert",
      totalSeats: 100,
      holdSeconds: null,
      waitingRoom: null,
    });
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

  test("seeds a demo opening sold through a waiting room open since start-up, as holds to pay", async () => {
    const events = await call(api, "GET", "/api/events");
    const opening = events.body.items.find(
      (event: { eventName: string }) => event.eventName === "Demo Opening",
    );
    expect(opening).toMatchObject({ totalSeats: 50, maxPerUser: 2, holdSeconds: 300 });
    expect(opening.waitingRoom).toMatchObject({ admitPerSecond: 2, overbooking: 1 });
    expect(Date.parse(opening.waitingRoom.opensAt)).toBeLessThanOrEqual(Date.now());

    const token = await api.token("demo-buyer");
    const path = `/api/events/${opening.id}/waiting-room/ticket`;
    expect((await call(api, "POST", path, { token })).status).toBe(200);
    let admission = "";
    await waitUntil(
      async () => {
        admission = (await call(api, "GET", path, { token })).body.admission?.token ?? "";
        return admission !== "";
      },
      20_000,
      "the demo buyer admitted",
    );
    const held = await call(api, "POST", "/api/reservations", {
      token,
      body: { eventId: opening.id, quantity: 2, admissionToken: admission },
    });
    expect(held.body).toMatchObject({ status: "HELD", expiresAt: expect.any(String) });
    const paid = await call(api, "POST", `/api/reservations/${held.body.id}/confirm`, {
      token,
      body: { paymentReference: "demo-payment" },
    });
    expect(paid.body).toMatchObject({ status: "CONFIRMED", paymentReference: "demo-payment" });
  });

  test("sells through a waiting room on the in-process Redis, and counts joins by the address a local proxy forwards", async () => {
    const admin = await api.token("admin-embedded", "admin");
    const created = await call(api, "POST", "/api/events", {
      token: admin,
      body: {
        eventName: "Embedded opening",
        totalSeats: 1,
        eventDate: new Date(Date.now() + 86_400_000).toISOString(),
        holdSeconds: 60,
        waitingRoom: { opensAt: new Date(Date.now() - 1000).toISOString(), admitPerSecond: 100 },
      },
    });
    const path = `/api/events/${created.body.id}/waiting-room/ticket`;
    // 20 new tickets per address and event: the 21st buyer behind the same proxy is refused, another address is not.
    const from = async (user: string, address: string) =>
      call(api, "POST", path, { token: await api.token(user), headers: { "X-Forwarded-For": address } });
    for (let i = 0; i < 20; i++) expect((await from(`same-${i}`, "198.51.100.7")).status).toBe(200);
    expect((await from("same-20", "198.51.100.7")).body.code).toBe("E_JOIN_LIMIT");
    expect((await from("elsewhere", "198.51.100.8")).status).toBe(200);

    const first = await api.token("same-0");
    let token = "";
    await waitUntil(
      async () => {
        token = (await call(api, "GET", path, { token: first })).body.admission?.token ?? "";
        return token !== "";
      },
      20_000,
      "the first buyer admitted",
    );
    const made = await call(api, "POST", "/api/reservations", {
      token: first,
      body: { eventId: created.body.id, quantity: 1, admissionToken: token },
    });
    expect(made.body).toMatchObject({ status: "HELD" });
    await waitUntil(
      async () =>
        (await call(api, "GET", path, { token: await api.token("same-1") })).body.status === "sold_out",
      20_000,
      "the next buyer told sold out",
    );
  });
});
