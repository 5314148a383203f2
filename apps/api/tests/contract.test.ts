import { randomUUID } from "node:crypto";
import { call, confirmedIds, inOneYear, startApi, type TestApi } from "./support/api.js";

const UNKNOWN_ID = "01900000-0000-7000-8000-000000000000";

describe("the HTTP contract on MariaDB and Redis", () => {
  let api: TestApi;
  let admin: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    api = await startApi("real");
    admin = await api.token("admin-1", "admin");
    alice = await api.token("alice");
    bob = await api.token("bob");
  });
  afterAll(async () => {
    await api?.stop();
  });

  const createEvent = async (body: Record<string, unknown> = {}) => {
    const response = await call(api, "POST", "/api/events", {
      token: admin,
      body: { eventName: "Concert", totalSeats: 10, eventDate: inOneYear(), ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };

  const expectProblem = (
    response: Awaited<ReturnType<typeof call>>,
    status: number,
    code: string,
    type: string,
  ) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  describe("GET /api/health, /api/health/ready and /api/health/live", () => {
    test.each(["/api/health", "/api/health/ready"])(
      "%s answers UP with both dependencies connected",
      async (path) => {
        const response = await call(api, "GET", path);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          status: "UP",
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          database: "connected",
          redis: "connected",
        });
      },
    );

    test("liveness answers UP without naming any dependency", async () => {
      const response = await call(api, "GET", "/api/health/live");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.body).toEqual({ status: "UP", timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });
  });

  describe("POST /api/events", () => {
    test("creates an event for an admin with 201 and a Location header", async () => {
      const eventDate = inOneYear();
      const response = await call(api, "POST", "/api/events", {
        token: admin,
        body: { eventName: "  IU Live  ", totalSeats: 100, eventDate, maxPerUser: 4 },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        eventName: "IU Live",
        totalSeats: 100,
        availableSeats: 100,
        eventDate,
        createdAt: expect.any(String),
        maxPerUser: 4,
        holdSeconds: null,
        waitingRoom: null,
      });
      expect(response.headers.get("location")).toBe(`/api/events/${response.body.id}`);
    });

    test("refuses an invalid body with 400 and one entry per bad field", async () => {
      const response = await call(api, "POST", "/api/events", {
        token: admin,
        body: { eventName: "", totalSeats: 0, eventDate: "tomorrow" },
      });
      expectProblem(response, 400, "E_INVALID_INPUT", "/api/docs#invalid-input");
      expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "body.eventDate",
        "body.eventName",
        "body.totalSeats",
      ]);
    });

    test("requires a token (401) and the admin role (403)", async () => {
      const body = { eventName: "X", totalSeats: 1, eventDate: inOneYear() };
      const anonymous = await call(api, "POST", "/api/events", { body });
      expectProblem(anonymous, 401, "E_UNAUTHENTICATED", "/api/docs#unauthenticated");
      expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expectProblem(
        await call(api, "POST", "/api/events", { token: alice, body }),
        403,
        "E_FORBIDDEN",
        "/api/docs#forbidden",
      );
    });
  });

  describe("GET /api/events and /api/events/{id}", () => {
    test("returns one event by id and 404 for an unknown id, 400 for a malformed one", async () => {
      const event = await createEvent({ eventName: "Lookup" });
      const found = await call(api, "GET", `/api/events/${event.id}`);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({
        id: event.id,
        eventName: "Lookup",
        totalSeats: 10,
        availableSeats: 10,
      });
      expect(Object.keys(found.body).sort()).toEqual(
        [
          "availableSeats",
          "confirmedSeats",
          "createdAt",
          "eventDate",
          "eventName",
          "heldSeats",
          "holdSeconds",
          "id",
          "maxPerUser",
          "nextHoldExpiresAt",
          "totalSeats",
          "waitingRoom",
        ].sort(),
      );
      expectProblem(
        await call(api, "GET", `/api/events/${UNKNOWN_ID}`),
        404,
        "E_EVENT_NOT_FOUND",
        "/api/docs#event-not-found",
      );
      expectProblem(
        await call(api, "GET", "/api/events/42"),
        400,
        "E_INVALID_INPUT",
        "/api/docs#invalid-input",
      );
    });

    test("pages through upcoming events with limit and nextCursor", async () => {
      for (let i = 0; i < 3; i++) await createEvent({ eventName: `Paged ${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
        const page = await call(api, "GET", `/api/events${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      const all = await call(api, "GET", "/api/events?limit=100");
      expect(all.body.items.map((e: { id: string }) => e.id)).toEqual(seen);
    });

    test.each([
      ["?limit=0"],
      ["?limit=101"],
      ["?limit=abc"],
      ["?limit=1&limit=2"],
      ["?cursor=%3Cscript%3E"],
      ["?page=2"],
    ])("refuses bad paging %s with 400", async (query) => {
      expectProblem(
        await call(api, "GET", `/api/events${query}`),
        400,
        "E_INVALID_INPUT",
        "/api/docs#invalid-input",
      );
    });
  });

  describe("POST /api/reservations", () => {
    test("confirms a reservation with 201 and the contract's fields, durably", async () => {
      const event = await createEvent();
      const response = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: event.id, quantity: 2 },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        eventId: event.id,
        userId: "alice",
        quantity: 2,
        status: "CONFIRMED",
        createdAt: expect.any(String),
        cancelledAt: null,
        expiresAt: null,
        confirmedAt: expect.any(String),
        paymentReference: null,
      });
      expect(response.headers.get("location")).toBe(`/api/reservations/${response.body.id}`);
      expect((await confirmedIds(api.db!.url)).has(response.body.id)).toBe(true);
      expect((await call(api, "GET", `/api/events/${event.id}`)).body.availableSeats).toBeLessThanOrEqual(8);
    });

    test("accepts a userId in the body only when it is the caller (403 otherwise)", async () => {
      const event = await createEvent();
      const own = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: event.id, quantity: 1, userId: "alice" },
      });
      expect(own.status).toBe(201);
      const other = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: event.id, quantity: 1, userId: "bob" },
      });
      expectProblem(other, 403, "E_FORBIDDEN", "/api/docs#forbidden");
    });

    test("replays the original reservation with 200 for a repeated Idempotency-Key, 422 for a different request", async () => {
      const event = await createEvent();
      const key = randomUUID();
      const headers = { "Idempotency-Key": key };
      const first = await call(api, "POST", "/api/reservations", {
        token: alice,
        headers,
        body: { eventId: event.id, quantity: 2 },
      });
      const again = await call(api, "POST", "/api/reservations", {
        token: alice,
        headers,
        body: { eventId: event.id, quantity: 2 },
      });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const changed = await call(api, "POST", "/api/reservations", {
        token: alice,
        headers,
        body: { eventId: event.id, quantity: 3 },
      });
      expectProblem(changed, 422, "E_IDEMPOTENCY_CONFLICT", "/api/docs#idempotency-conflict");
      const bobsOwn = await call(api, "POST", "/api/reservations", {
        token: bob,
        headers,
        body: { eventId: event.id, quantity: 2 },
      });
      expect(bobsOwn.status).toBe(201);
      expect(bobsOwn.body.id).not.toBe(first.body.id);
      expect((await call(api, "GET", `/api/events/${event.id}`)).body.availableSeats).toBe(6);
    });

    test("answers 409 with distinct types for sold out, insufficient seats and the per-user limit", async () => {
      const event = await createEvent({ totalSeats: 5, maxPerUser: 3 });
      const reserve = (token: string, quantity: number) =>
        call(api, "POST", "/api/reservations", { token, body: { eventId: event.id, quantity } });
      expect((await reserve(alice, 3)).status).toBe(201);
      expectProblem(await reserve(alice, 1), 409, "E_PER_USER_LIMIT", "/api/docs#per-user-limit");
      expectProblem(await reserve(bob, 3), 409, "E_INSUFFICIENT_SEATS", "/api/docs#insufficient-seats");
      expect((await reserve(bob, 2)).status).toBe(201);
      expectProblem(await reserve(await api.token("carol"), 1), 409, "E_SOLD_OUT", "/api/docs#sold-out");
    });

    test("answers 404 for an unknown event, 400 for a bad body, 401 without a token", async () => {
      expectProblem(
        await call(api, "POST", "/api/reservations", {
          token: alice,
          body: { eventId: UNKNOWN_ID, quantity: 1 },
        }),
        404,
        "E_EVENT_NOT_FOUND",
        "/api/docs#event-not-found",
      );
      const bad = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: UNKNOWN_ID, quantity: 11 },
      });
      expectProblem(bad, 400, "E_INVALID_INPUT", "/api/docs#invalid-input");
      expect(bad.body.errors).toEqual([{ path: "body.quantity", message: expect.any(String) }]);
      expectProblem(
        await call(api, "POST", "/api/reservations", { body: { eventId: UNKNOWN_ID, quantity: 1 } }),
        401,
        "E_UNAUTHENTICATED",
        "/api/docs#unauthenticated",
      );
    });
  });

  describe("GET /api/reservations/user/{userId}", () => {
    test("lists the caller's reservations newest first; admins may list anyone's; others get 403", async () => {
      const event = await createEvent();
      const dave = await api.token("dave");
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const made = await call(api, "POST", "/api/reservations", {
          token: dave,
          body: { eventId: event.id, quantity: 1 },
        });
        ids.push(made.body.id);
      }
      const own = await call(api, "GET", "/api/reservations/user/dave", { token: dave });
      expect(own.status).toBe(200);
      expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
      const byAdmin = await call(api, "GET", "/api/reservations/user/dave", { token: admin });
      expect(byAdmin.body).toEqual(own.body);
      expectProblem(
        await call(api, "GET", "/api/reservations/user/dave", { token: alice }),
        403,
        "E_FORBIDDEN",
        "/api/docs#forbidden",
      );
      expectProblem(
        await call(api, "GET", "/api/reservations/user/dave"),
        401,
        "E_UNAUTHENTICATED",
        "/api/docs#unauthenticated",
      );
    });
  });

  describe("DELETE /api/reservations/{id}", () => {
    test("cancels the owner's reservation, returns the same on a second cancel and gives the seats back", async () => {
      const event = await createEvent({ totalSeats: 4 });
      const made = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: event.id, quantity: 4 },
      });
      expect(made.status).toBe(201);
      expectProblem(
        await call(api, "DELETE", `/api/reservations/${made.body.id}`, { token: bob }),
        403,
        "E_FORBIDDEN",
        "/api/docs#forbidden",
      );
      const cancelled = await call(api, "DELETE", `/api/reservations/${made.body.id}`, { token: alice });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        id: made.body.id,
        status: "CANCELLED",
        cancelledAt: expect.any(String),
      });
      const again = await call(api, "DELETE", `/api/reservations/${made.body.id}`, { token: alice });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(cancelled.body);
      const rebooked = await call(api, "POST", "/api/reservations", {
        token: bob,
        body: { eventId: event.id, quantity: 4 },
      });
      expect(rebooked.status).toBe(201);
    });

    test("lets an admin cancel anyone's reservation; 404 for an unknown id; 401 without a token", async () => {
      const event = await createEvent();
      const made = await call(api, "POST", "/api/reservations", {
        token: bob,
        body: { eventId: event.id, quantity: 1 },
      });
      const byAdmin = await call(api, "DELETE", `/api/reservations/${made.body.id}`, { token: admin });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.status).toBe("CANCELLED");
      expectProblem(
        await call(api, "DELETE", `/api/reservations/${UNKNOWN_ID}`, { token: alice }),
        404,
        "E_RESERVATION_NOT_FOUND",
        "/api/docs#reservation-not-found",
      );
      expectProblem(
        await call(api, "DELETE", `/api/reservations/${made.body.id}`),
        401,
        "E_UNAUTHENTICATED",
        "/api/docs#unauthenticated",
      );
    });
  });

  describe("cross-cutting", () => {
    test("sends helmet headers, a request id, no x-powered-by", async () => {
      const response = await call(api, "GET", "/api/health", { headers: { "X-Request-Id": "lb-trace-123" } });
      expect(response.headers.get("x-powered-by")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get("x-request-id")).toBe("lb-trace-123");
      const generated = await call(api, "GET", "/api/health", {
        headers: { "X-Request-Id": "bad id with spaces" },
      });
      expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    test("takes ids in upper case as the same ids, and answers with their lower-case form", async () => {
      const event = await createEvent();
      const made = await call(api, "POST", "/api/reservations", {
        token: alice,
        body: { eventId: event.id.toUpperCase(), quantity: 1 },
      });
      expect(made.status).toBe(201);
      expect(made.body.eventId).toBe(event.id);
      const cancelled = await call(api, "DELETE", `/api/reservations/${made.body.id.toUpperCase()}`, {
        token: alice,
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: made.body.id, status: "CANCELLED" });
    });

    test("reads a JSON body declared as UTF-8 in any letter case", async () => {
      const event = await createEvent();
      const made = await call(api, "POST", "/api/reservations", {
        token: alice,
        headers: { "content-type": "application/json; charset=UTF-8" },
        body: { eventId: event.id, quantity: 1 },
      });
      expect(made.status).toBe(201);
    });

    test("answers unknown routes with a 404 problem", async () => {
      expectProblem(await call(api, "GET", "/api/nothing-here"), 404, "E_NOT_FOUND", "/api/docs#not-found");
      expectProblem(await call(api, "PUT", "/api/events"), 404, "E_NOT_FOUND", "/api/docs#not-found");
    });

    test("writes the request id on every request log line and never the Authorization header", async () => {
      await call(api, "GET", "/api/reservations/user/alice", {
        token: alice,
        headers: { "X-Request-Id": "trace-logs-1" },
      });
      const lines = api.logs.filter((line) => line.requestId === "trace-logs-1");
      expect(lines.length).toBeGreaterThan(0);
      expect(JSON.stringify(api.logs)).not.toContain(alice);
      expect(JSON.stringify(api.logs)).not.toContain(api.config.auth.secret!);
    });
  });
});
