import { call, inOneYear, startApi, type TestApi } from "../support/api.js";

describe("ETags", () => {
  let api: TestApi;
  let admin: string;
  let alice: string;
  let eventId: string;

  beforeAll(async () => {
    api = await startApi("real");
    admin = await api.token("admin-1", "admin");
    alice = await api.token("alice");
    const created = await call(api, "POST", "/api/events", {
      token: admin,
      body: { eventName: "Tagged", totalSeats: 10, eventDate: inOneYear() },
    });
    expect(created.status).toBe(201);
    eventId = (created.body as { id: string }).id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  // fetch adds "Cache-Control: no-cache" to a conditional request unless it has one, and no-cache asks the server to
  // answer in full: this is what a browser revalidating its copy sends.
  const ifNoneMatch = (etag: string | null) => ({
    "If-None-Match": etag ?? "",
    "Cache-Control": "max-age=0",
  });
  const reserve = () =>
    call(api, "POST", "/api/reservations", { token: alice, body: { eventId, quantity: 1 } });

  test.each(["/api/events", "/api/openapi.json", "/api/docs"])(
    "GET %s answers 304 with no body to its own ETag",
    async (path) => {
      const first = await call(api, "GET", path);
      const etag = first.headers.get("etag");
      expect(first.status).toBe(200);
      expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
      const again = await call(api, "GET", path, { headers: ifNoneMatch(etag) });
      expect({ status: again.status, text: again.text }).toEqual({ status: 304, text: "" });
    },
  );

  test("an event read answers 304 to its own ETag", async () => {
    const first = await call(api, "GET", `/api/events/${eventId}`);
    expect(first.status).toBe(200);
    const again = await call(api, "GET", `/api/events/${eventId}`, {
      headers: ifNoneMatch(first.headers.get("etag")),
    });
    expect(again.status).toBe(304);
  });

  test("a user's list gets a new ETag when it changes, and the old one no longer answers 304", async () => {
    expect((await reserve()).status).toBe(201);
    const before = await call(api, "GET", "/api/reservations/user/alice", { token: alice });
    const oldTag = before.headers.get("etag");
    expect(oldTag).toMatch(/^W\//);
    expect((await reserve()).status).toBe(201);

    const after = await call(api, "GET", "/api/reservations/user/alice", {
      token: alice,
      headers: ifNoneMatch(oldTag),
    });
    expect(after.status).toBe(200);
    expect(after.body.items).toHaveLength(before.body.items.length + 1);
    const newTag = after.headers.get("etag");
    expect(newTag).not.toBe(oldTag);
    const unchanged = await call(api, "GET", "/api/reservations/user/alice", {
      token: alice,
      headers: ifNoneMatch(newTag),
    });
    expect(unchanged.status).toBe(304);
  });

  test("writes and problem responses carry none", async () => {
    const confirmed = await reserve();
    expect(confirmed.status).toBe(201);
    const cancelled = await call(api, "DELETE", `/api/reservations/${confirmed.body.id}`, { token: alice });
    expect(cancelled.status).toBe(200);
    const problem = await call(api, "GET", "/api/events/01900000-0000-7000-8000-000000000000");
    expect(problem.status).toBe(404);
    expect([confirmed, cancelled, problem].map((r) => r.headers.get("etag"))).toEqual([null, null, null]);
  });
});
