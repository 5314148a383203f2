import { freePort } from "@ticketing/testing";
import { createApiClient, type ApiClient } from "../../src/api/client";
import { ApiProblem } from "../../src/api/problem";
import type { Session } from "../../src/api/types";
import { limitsFrom } from "../../src/views/operator/event-limits";
import { startApi, type RunningApi } from "../support/api-server";

describe("createApiClient against the running API", () => {
  let api: RunningApi;
  let admin: Session;
  let buyer: Session;
  const as = (session: Session | null): ApiClient =>
    createApiClient({ baseUrl: api.url, token: () => session?.token ?? null });

  beforeAll(async () => {
    api = await startApi({ env: { MAX_QUANTITY_PER_REQUEST: "7" } });
    const anonymous = as(null);
    admin = await anonymous.devSignIn({ name: "client-admin", role: "admin" });
    buyer = await anonymous.devSignIn({ name: "client-buyer", role: "user" });
  });
  afterAll(() => api?.stop());

  test("signs in for development with the role asked for", () => {
    expect(admin).toMatchObject({ userId: "client-admin", role: "admin" });
    expect(buyer).toMatchObject({ userId: "client-buyer", role: "user" });
    expect(Date.parse(buyer.expiresAt)).toBeGreaterThan(Date.now());
  });

  test("creates, lists and reads events, reserves, lists the buyer's reservations and cancels", async () => {
    const created = await as(admin).createEvent({
      eventName: "Client Concert",
      totalSeats: 5,
      eventDate: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
      maxPerUser: 3,
    });
    const page = await as(null).listEvents({ limit: 100 });
    expect(page.items.map((event) => event.id)).toContain(created.id);

    const reservation = await as(buyer).reserve({
      eventId: created.id,
      quantity: 2,
      idempotencyKey: "client-1",
    });
    expect(reservation).toMatchObject({
      eventId: created.id,
      quantity: 2,
      status: "CONFIRMED",
      userId: "client-buyer",
    });
    const mine = await as(buyer).listReservations("client-buyer");
    expect(mine.items.map((item) => item.id)).toEqual([reservation.id]);

    const cancelled = await as(buyer).cancelReservation(reservation.id);
    expect(cancelled).toMatchObject({ id: reservation.id, status: "CANCELLED" });
    expect((await as(null).getEvent(created.id)).totalSeats).toBe(5);
  });

  test("sends the Idempotency-Key, so the same decision sent twice reserves once", async () => {
    const event = await api.createEvent(admin, { totalSeats: 5 });
    const first = await as(buyer).reserve({
      eventId: event.id,
      quantity: 1,
      idempotencyKey: `again-${event.id}`,
    });
    const second = await as(buyer).reserve({
      eventId: event.id,
      quantity: 1,
      idempotencyKey: `again-${event.id}`,
    });
    expect(second.id).toBe(first.id);
  });

  test("reads the API's per-request maximum from its OpenAPI document", async () => {
    expect(await as(null).maxQuantityPerRequest()).toBe(7);
  });

  test("reads the OpenAPI document once for the per-request maximum and the event form's limits", async () => {
    const documentReads: string[] = [];
    const client = createApiClient({
      baseUrl: api.url,
      fetch: (input, init) => {
        if (String(input).endsWith("/api/openapi.json")) documentReads.push(String(input));
        return globalThis.fetch(input, init);
      },
    });
    expect(await client.maxQuantityPerRequest()).toBe(7);
    const limits = limitsFrom(await client.openApi());
    expect(limits.totalSeats.min).toBeGreaterThan(0);
    expect(documentReads).toHaveLength(1);
  });

  test("reads an event's live figures for an operator", async () => {
    const event = await api.createEvent(admin, { totalSeats: 6, holdSeconds: 300 });
    await api.reserve(buyer, event.id, 2);
    expect(await as(admin).live(event.id)).toMatchObject({
      eventId: event.id,
      seats: { total: 6, held: 2, available: 4 },
      waitingRoom: null,
    });
    await expect(as(buyer).live(event.id)).rejects.toMatchObject({ name: "ApiProblem", status: 403 });
  });

  test("reads the health report", async () => {
    expect(await as(null).health()).toMatchObject({
      status: "UP",
      database: "connected",
      redis: "connected",
    });
  });

  test.each([
    [
      "over the per-buyer limit",
      "E_PER_USER_LIMIT",
      409,
      async (event: string) => {
        await as(buyer).reserve({ eventId: event, quantity: 3, idempotencyKey: `limit-${event}` });
        await as(buyer).reserve({ eventId: event, quantity: 1, idempotencyKey: `over-${event}` });
      },
    ],
    [
      "more seats than left",
      "E_INSUFFICIENT_SEATS",
      409,
      async (event: string) => {
        await api.reserve(await api.signIn("taker"), event, 3);
        await api.reserve(await api.signIn("taker-2"), event, 1);
        await as(buyer).reserve({ eventId: event, quantity: 2, idempotencyKey: `short-${event}` });
      },
    ],
    [
      "an unknown event",
      "E_EVENT_NOT_FOUND",
      404,
      async () => {
        await as(null).getEvent("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
      },
    ],
    [
      "no token",
      "E_UNAUTHENTICATED",
      401,
      async (event: string) => {
        await as(null).reserve({ eventId: event, quantity: 1, idempotencyKey: `anon-${event}` });
      },
    ],
    [
      "a buyer creating an event",
      "E_FORBIDDEN",
      403,
      async () => {
        await as(buyer).createEvent({ eventName: "No", totalSeats: 1, eventDate: new Date().toISOString() });
      },
    ],
  ] as const)(
    "turns a refusal for %s into an ApiProblem with the API's code",
    async (_case, code, status, act) => {
      const event = await api.createEvent(admin, { totalSeats: 5, maxPerUser: 3 });
      const error = await act(event.id).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ApiProblem);
      expect(error).toMatchObject({ code, status });
    },
  );

  test("lists the fields a 400 names", async () => {
    const error = await as(admin)
      .createEvent({ eventName: " ", totalSeats: 0, eventDate: "tomorrow" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "E_INVALID_INPUT", status: 400 });
    expect((error as ApiProblem).fields.map((field) => field.path).sort()).toEqual([
      "body.eventDate",
      "body.eventName",
      "body.totalSeats",
    ]);
  });

  test("reports E_NETWORK when nothing answers", async () => {
    const closed = createApiClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    await expect(closed.listEvents()).rejects.toMatchObject({ code: "E_NETWORK", status: 0 });
  });
});
