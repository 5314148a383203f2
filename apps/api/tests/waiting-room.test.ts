import { waitUntil } from "@ticketing/testing";
import {
  call,
  databaseFingerprint,
  inOneYear,
  startApi,
  type CallResult,
  type TestApi,
} from "./support/api.js";

const UNKNOWN_ID = "01900000-0000-7000-8000-000000000000";

/** Status and code of a problem answer, with its media type checked. */
const problem = (response: CallResult) => {
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return { status: response.status, code: response.body.code as string };
};

describe("the waiting room, holds and the operator's view on MariaDB and Redis", () => {
  let api: TestApi;
  let admin: string;
  const tokens = new Map<string, string>();
  const as = async (user: string) => {
    if (!tokens.has(user)) tokens.set(user, await api.token(user));
    return tokens.get(user)!;
  };

  beforeAll(async () => {
    api = await startApi("real");
    admin = await api.token("admin-1", "admin");
  });
  afterAll(async () => {
    await api?.stop();
  });

  const createEvent = async (body: Record<string, unknown>) => {
    const response = await call(api, "POST", "/api/events", {
      token: admin,
      body: { eventName: "Opening", totalSeats: 1, eventDate: inOneYear(), ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; waitingRoom: unknown; holdSeconds: number | null };
  };
  const openNow = (extra: Record<string, unknown> = {}) => ({
    opensAt: new Date(Date.now() - 1000).toISOString(),
    admitPerSecond: 1000,
    ...extra,
  });
  const ticketPath = (eventId: string) => `/api/events/${eventId}/waiting-room/ticket`;
  const join = async (eventId: string, user: string, headers: Record<string, string> = {}) =>
    call(api, "POST", ticketPath(eventId), { token: await as(user), headers });
  const ticket = async (eventId: string, user: string) =>
    (await call(api, "GET", ticketPath(eventId), { token: await as(user) })).body;
  const waitForStatus = (eventId: string, user: string, status: string) =>
    waitUntil(async () => (await ticket(eventId, user)).status === status, 20_000, `${user} ${status}`);
  const reserve = async (user: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call(api, "POST", "/api/reservations", {
      token: await as(user),
      body: { quantity: 1, ...body },
      headers,
    });

  describe("POST /api/events with holdSeconds and waitingRoom, GET /api/events/{id}", () => {
    test("creates an event that sells through a waiting room with holds, and shows both with live counts", async () => {
      const opensAt = "2030-06-01T19:00:00.000Z";
      const event = await createEvent({
        totalSeats: 50,
        holdSeconds: 300,
        waitingRoom: { opensAt: "2030-06-02T04:00:00+09:00", admitPerSecond: 25, overbooking: 1.2 },
      });
      expect(event).toMatchObject({
        holdSeconds: 300,
        waitingRoom: { opensAt, admitPerSecond: 25, overbooking: 1.2 },
      });
      const found = await call(api, "GET", `/api/events/${event.id}`);
      expect(found.body).toMatchObject({
        totalSeats: 50,
        availableSeats: 50,
        heldSeats: 0,
        confirmedSeats: 0,
        nextHoldExpiresAt: null,
        holdSeconds: 300,
        waitingRoom: { opensAt, admitPerSecond: 25, overbooking: 1.2 },
      });
      const listed = await call(api, "GET", "/api/events?limit=100");
      expect(listed.body.items.find((item: { id: string }) => item.id === event.id)).toMatchObject({
        waitingRoom: { opensAt, admitPerSecond: 25, overbooking: 1.2 },
      });
    });

    test("PUT /api/events/{id}/waiting-room changes the rate for an admin, and moves no opening that has passed", async () => {
      const event = await createEvent({ waitingRoom: openNow({ admitPerSecond: 5 }) });
      const path = `/api/events/${event.id}/waiting-room`;
      const changed = await call(api, "PUT", path, {
        token: admin,
        body: { opensAt: (event.waitingRoom as { opensAt: string }).opensAt, admitPerSecond: 50 },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ admitPerSecond: 50, overbooking: 1 });
      await join(event.id, "mover"); // the room opens for good at the first step that sees the time pass
      expect(
        problem(
          await call(api, "PUT", path, {
            token: admin,
            body: { opensAt: new Date(Date.now() + 3_600_000).toISOString(), admitPerSecond: 50 },
          }),
        ),
      ).toEqual({ status: 409, code: "E_ROOM_ALREADY_OPEN" });
      expect(problem(await call(api, "PUT", path, { token: await as("alice"), body: openNow() }))).toEqual({
        status: 403,
        code: "E_FORBIDDEN",
      });
      expect(
        problem(
          await call(api, "PUT", `/api/events/${UNKNOWN_ID}/waiting-room`, { token: admin, body: openNow() }),
        ),
      ).toEqual({ status: 404, code: "E_EVENT_NOT_FOUND" });
    });
  });

  describe("joining and following the line", () => {
    test("gives one ticket per user and event, with a poll hint, and answers the same ticket to a second join", async () => {
      const event = await createEvent({
        totalSeats: 5,
        waitingRoom: { opensAt: new Date(Date.now() + 3_600_000).toISOString(), admitPerSecond: 10 },
      });
      const first = await join(event.id, "early-bird");
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toBe("no-store");
      expect(first.body).toMatchObject({
        eventId: event.id,
        identity: "early-bird",
        status: "pre_queue",
        position: null,
        admission: null,
        receipt: expect.any(String),
      });
      // An hour before the opening: ask again in 15 s, give or take a fifth.
      expect(first.body.pollAfterMs).toBeGreaterThanOrEqual(12_000);
      expect(first.body.pollAfterMs).toBeLessThanOrEqual(18_000);
      const again = await call(api, "POST", ticketPath(event.id), {
        token: await as("early-bird"),
        body: { receipt: first.body.receipt },
      });
      expect({ ...again.body, pollAfterMs: 0 }).toEqual({ ...first.body, pollAfterMs: 0 });
      expect(await ticket(event.id, "early-bird")).toMatchObject({
        status: "pre_queue",
        joinedAt: first.body.joinedAt,
      });
    });

    test.each([
      ["an unknown event", UNKNOWN_ID, "user", 404, "E_EVENT_NOT_FOUND"],
      ["an event without a waiting room", "plain", "user", 404, "E_NO_WAITING_ROOM"],
      ["a buyer who never joined", "room", "stranger", 404, "E_TICKET_NOT_FOUND"],
    ])("GET of a ticket refuses %s", async (_name, which, user, status, code) => {
      const id =
        which === "plain"
          ? (await createEvent({})).id
          : which === "room"
            ? (await createEvent({ waitingRoom: openNow() })).id
            : which;
      expect(problem(await call(api, "GET", ticketPath(id), { token: await as(user) }))).toEqual({
        status,
        code,
      });
    });

    test("refuses a receipt the room did not sign, and anonymous callers", async () => {
      const event = await createEvent({ waitingRoom: openNow() });
      const forged = await call(api, "POST", ticketPath(event.id), {
        token: await as("forger"),
        body: { receipt: "r1.5.1700000000000.AAAAAAAAAAAAAAAAAAAAAA" },
      });
      expect(problem(forged)).toEqual({ status: 400, code: "E_RECEIPT_INVALID" });
      expect(problem(await call(api, "POST", ticketPath(event.id)))).toEqual({
        status: 401,
        code: "E_UNAUTHENTICATED",
      });
    });

    test("limits new tickets per client address and event, saying when to come back", async () => {
      const event = await createEvent({ totalSeats: 100, waitingRoom: openNow() });
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await join(event.id, `crowd-${i}`)).status);
      expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
      const refused = await join(event.id, "crowd-21");
      expect(problem(refused)).toEqual({ status: 429, code: "E_JOIN_LIMIT" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // A buyer who already holds a ticket gets it back: the limit counts new tickets only.
      expect((await join(event.id, "crowd-0")).status).toBe(200);
    });
  });

  describe("from the line to a confirmed seat", () => {
    test("an admitted buyer reserves with the token; others are refused; the waiting are told sold out at once; an expired hold admits the next", async () => {
      const event = await createEvent({
        totalSeats: 1,
        holdSeconds: 1,
        waitingRoom: openNow({ admitPerSecond: 1000 }),
      });
      expect((await join(event.id, "ann")).status).toBe(200);
      await waitForStatus(event.id, "ann", "admitted");
      for (const user of ["ben", "cy"]) expect((await join(event.id, user)).status).toBe(200);
      expect((await ticket(event.id, "ben")).status).toBe("waiting"); // one seat: one admitted buyer
      const token = (await ticket(event.id, "ann")).admission.token as string;

      expect(problem(await reserve("ann", { eventId: event.id }))).toEqual({
        status: 403,
        code: "E_NOT_ADMITTED",
      });
      expect(problem(await reserve("ben", { eventId: event.id, admissionToken: token }))).toEqual({
        status: 403,
        code: "E_ADMISSION_MISMATCH",
      });
      const other = await createEvent({ waitingRoom: openNow() });
      expect(problem(await reserve("ann", { eventId: other.id, admissionToken: token }))).toEqual({
        status: 403,
        code: "E_ADMISSION_MISMATCH",
      });
      expect(problem(await reserve("ann", { eventId: event.id, admissionToken: "not.a.token" }))).toEqual({
        status: 403,
        code: "E_NOT_ADMITTED",
      });

      const held = await reserve("ann", { eventId: event.id, admissionToken: token });
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ status: "HELD", expiresAt: expect.any(String), confirmedAt: null });
      expect((await ticket(event.id, "ann")).status).toBe("reserved");
      expect(problem(await reserve("ann", { eventId: event.id, admissionToken: token }))).toEqual({
        status: 409,
        code: "E_ADMISSION_USED",
      });
      // The seat is held: everyone waiting reads sold out, without waiting for their turn.
      await waitForStatus(event.id, "ben", "sold_out");
      expect((await ticket(event.id, "cy")).status).toBe("sold_out");

      // The hold runs out: its seat comes back and the next buyer in line is admitted.
      await waitForStatus(event.id, "ben", "admitted");
      expect(
        (await call(api, "GET", `/api/reservations/${held.body.id}`, { token: await as("ann") })).body.status,
      ).toBe("EXPIRED");
      expect(
        problem(
          await call(api, "POST", `/api/reservations/${held.body.id}/confirm`, {
            token: await as("ann"),
            body: { paymentReference: "too-late" },
          }),
        ),
      ).toEqual({ status: 409, code: "E_HOLD_EXPIRED" });
      // Ben holds the only slot; the seat is obtainable again, so Cy waits for a turn rather than reading sold out.
      expect((await ticket(event.id, "cy")).status).toBe("waiting");
    });

    test("a retry whose answer was lost gets its reservation back by Idempotency-Key, though the admission is used", async () => {
      const event = await createEvent({ totalSeats: 3, holdSeconds: 600, waitingRoom: openNow() });
      await join(event.id, "gil");
      await waitForStatus(event.id, "gil", "admitted");
      const admissionToken = (await ticket(event.id, "gil")).admission.token as string;
      const body = { eventId: event.id, admissionToken };
      const first = await reserve("gil", body, { "Idempotency-Key": "gil-1" });
      expect(first.status).toBe(201);

      const before = await databaseFingerprint(api.db!.url);
      const retry = await reserve("gil", body, { "Idempotency-Key": "gil-1" });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      // The admission buys one reservation: another key, no key or another quantity is still refused.
      for (const [extra, headers, expected] of [
        [{}, { "Idempotency-Key": "gil-2" }, { status: 409, code: "E_ADMISSION_USED" }],
        [{}, {}, { status: 409, code: "E_ADMISSION_USED" }],
        [{ quantity: 2 }, { "Idempotency-Key": "gil-1" }, { status: 422, code: "E_IDEMPOTENCY_CONFLICT" }],
      ] as const) {
        expect(problem(await reserve("gil", { ...body, ...extra }, headers))).toEqual(expected);
      }
      // Another buyer cannot replay gil's key with gil's token.
      expect(problem(await reserve("hal", body, { "Idempotency-Key": "gil-1" }))).toEqual({
        status: 403,
        code: "E_ADMISSION_MISMATCH",
      });
      expect(await databaseFingerprint(api.db!.url)).toBe(before);
    });

    test("confirm is idempotent by payment reference and refuses another one; a confirmed seat keeps the waiting sold out", async () => {
      const event = await createEvent({ totalSeats: 1, holdSeconds: 600, waitingRoom: openNow() });
      await join(event.id, "dee");
      await waitForStatus(event.id, "dee", "admitted");
      await join(event.id, "eve");
      const token = (await ticket(event.id, "dee")).admission.token as string;
      const held = await reserve(
        "dee",
        { eventId: event.id, admissionToken: token },
        { "Idempotency-Key": "dee-1" },
      );
      const confirmPath = `/api/reservations/${held.body.id}/confirm`;
      const confirmed = await call(api, "POST", confirmPath, {
        token: await as("dee"),
        body: { paymentReference: "pay-1" },
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        status: "CONFIRMED",
        paymentReference: "pay-1",
        confirmedAt: expect.any(String),
      });
      const replay = await call(api, "POST", confirmPath, {
        token: await as("dee"),
        body: { paymentReference: "pay-1" },
      });
      expect(replay.body).toEqual(confirmed.body);
      expect(
        problem(
          await call(api, "POST", confirmPath, {
            token: await as("dee"),
            body: { paymentReference: "pay-2" },
          }),
        ),
      ).toEqual({ status: 409, code: "E_ALREADY_CONFIRMED" });
      expect(
        problem(
          await call(api, "POST", confirmPath, {
            token: await as("eve"),
            body: { paymentReference: "pay-1" },
          }),
        ),
      ).toEqual({ status: 403, code: "E_FORBIDDEN" });
      await waitForStatus(event.id, "eve", "sold_out");
      expect((await call(api, "GET", `/api/events/${event.id}`)).body).toMatchObject({
        availableSeats: 0,
        heldSeats: 0,
        confirmedSeats: 1,
      });
    });

    test("a cancelled hold gives its seat to the next buyer; confirming it then is refused", async () => {
      const event = await createEvent({ totalSeats: 1, holdSeconds: 600, waitingRoom: openNow() });
      await join(event.id, "fay");
      await waitForStatus(event.id, "fay", "admitted");
      await join(event.id, "gus");
      const token = (await ticket(event.id, "fay")).admission.token as string;
      const held = await reserve("fay", { eventId: event.id, admissionToken: token });
      expect((await call(api, "GET", `/api/events/${event.id}`)).body).toMatchObject({
        heldSeats: 1,
        nextHoldExpiresAt: held.body.expiresAt,
      });
      const cancelled = await call(api, "DELETE", `/api/reservations/${held.body.id}`, {
        token: await as("fay"),
      });
      expect(cancelled.body).toMatchObject({ status: "CANCELLED", cancelledAt: expect.any(String) });
      await waitForStatus(event.id, "gus", "admitted");
      expect(
        problem(
          await call(api, "POST", `/api/reservations/${held.body.id}/confirm`, {
            token: await as("fay"),
            body: { paymentReference: "p" },
          }),
        ),
      ).toEqual({ status: 409, code: "E_RESERVATION_CANCELLED" });
    });

    test("an event without holds confirms at once; confirming it is not a hold; GET is the owner's or an admin's", async () => {
      const event = await createEvent({ totalSeats: 3 });
      const made = await reserve("hal", { eventId: event.id, admissionToken: "ignored.without.room" });
      expect(made.body).toMatchObject({ status: "CONFIRMED", expiresAt: null });
      const path = `/api/reservations/${made.body.id}`;
      expect(
        problem(
          await call(api, "POST", `${path}/confirm`, {
            token: await as("hal"),
            body: { paymentReference: "p" },
          }),
        ),
      ).toEqual({ status: 409, code: "E_NOT_A_HOLD" });
      expect((await call(api, "GET", path, { token: await as("hal") })).body).toEqual(made.body);
      expect((await call(api, "GET", path, { token: admin })).status).toBe(200);
      expect(problem(await call(api, "GET", path, { token: await as("ivy") }))).toEqual({
        status: 403,
        code: "E_FORBIDDEN",
      });
      expect(
        problem(await call(api, "GET", `/api/reservations/${UNKNOWN_ID}`, { token: await as("hal") })),
      ).toEqual({
        status: 404,
        code: "E_RESERVATION_NOT_FOUND",
      });
    });

    test("the last seats held by buyers who may not pay answer seats-held with Retry-After", async () => {
      const event = await createEvent({ totalSeats: 1, holdSeconds: 600 });
      expect((await reserve("jo", { eventId: event.id })).body.status).toBe("HELD");
      const refused = await reserve("kim", { eventId: event.id });
      expect(problem(refused)).toEqual({ status: 409, code: "E_SEATS_HELD" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(500);
    });

    test("an admission that ran out is refused as expired", async () => {
      const short = await startApi("real", { WAITING_ROOM_ADMISSION_TTL_MS: "1000" });
      try {
        const created = await call(short, "POST", "/api/events", {
          token: await short.token("admin-2", "admin"),
          body: { eventName: "Short", totalSeats: 1, eventDate: inOneYear(), waitingRoom: openNow() },
        });
        const lou = await short.token("lou");
        const path = ticketPath(created.body.id);
        await call(short, "POST", path, { token: lou });
        let token = "";
        await waitUntil(
          async () => {
            token = (await call(short, "GET", path, { token: lou })).body.admission?.token ?? "";
            return token !== "";
          },
          20_000,
          "lou admitted",
        );
        const { expiresAt } = (await call(short, "GET", path, { token: lou })).body.admission as {
          expiresAt: number;
        };
        await waitUntil(async () => Date.now() > expiresAt + 1_000, 20_000, "the admission's expiry to pass");
        const late = await call(short, "POST", "/api/reservations", {
          token: lou,
          body: { eventId: created.body.id, quantity: 1, admissionToken: token },
        });
        expect(problem(late)).toEqual({ status: 403, code: "E_ADMISSION_EXPIRED" });
      } finally {
        await short.stop();
      }
    });
  });

  describe("DELETE /api/events/{id}/waiting-room/ticket", () => {
    const giveUp = async (eventId: string, user: string) =>
      call(api, "DELETE", ticketPath(eventId), { token: await as(user) });

    test("an admitted buyer who gives the admission up lets the next buyer in; the token is spent; a repeat answers the same", async () => {
      const event = await createEvent({ totalSeats: 1, waitingRoom: openNow() });
      await join(event.id, "gil");
      await waitForStatus(event.id, "gil", "admitted");
      const token = (await ticket(event.id, "gil")).admission.token as string;
      await join(event.id, "hal");
      expect((await ticket(event.id, "hal")).status).toBe("waiting"); // one seat: one admitted buyer

      const given = await giveUp(event.id, "gil");
      expect(given.status).toBe(200);
      expect(given.headers.get("cache-control")).toBe("no-store");
      expect(given.body).toMatchObject({ status: "abandoned", pollAfterMs: null });
      await waitForStatus(event.id, "hal", "admitted");

      const again = await giveUp(event.id, "gil");
      expect(again.status).toBe(200);
      expect(again.body.status).toBe("abandoned");
      expect(problem(await reserve("gil", { eventId: event.id, admissionToken: token }))).toEqual({
        status: 409,
        code: "E_ADMISSION_USED",
      });
    });

    test("a buyer still in line or who never joined has nothing to give up, and can still join", async () => {
      const event = await createEvent({ totalSeats: 1, waitingRoom: openNow() });
      await join(event.id, "ida");
      await waitForStatus(event.id, "ida", "admitted");
      await join(event.id, "jon");

      expect(problem(await giveUp(event.id, "jon"))).toEqual({ status: 409, code: "E_STILL_WAITING" });
      expect((await ticket(event.id, "jon")).status).toBe("waiting");
      expect(problem(await giveUp(event.id, "kim"))).toEqual({ status: 404, code: "E_TICKET_NOT_FOUND" });
      expect((await join(event.id, "kim")).body.status).toBe("waiting");
      expect((await ticket(event.id, "ida")).status).toBe("admitted");
    });
  });

  describe("GET /api/events/{id}/waiting-room/ticket/stream", () => {
    test("streams the ticket as Server-Sent Events until admitted, authenticated by the Authorization header", async () => {
      const opensAt = Date.now() + 1_500;
      const event = await createEvent({
        totalSeats: 2,
        waitingRoom: { opensAt: new Date(opensAt).toISOString(), admitPerSecond: 100 },
      });
      await join(event.id, "sse-user");
      const response = await fetch(`${api.url}${ticketPath(event.id)}/stream`, {
        headers: { authorization: `Bearer ${await as("sse-user")}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const text = await response.text(); // the stream ends once the ticket is admitted
      const tickets = [...text.matchAll(/^event: ticket\ndata: (.*)$/gm)].map((match) =>
        JSON.parse(match[1]!),
      );
      expect(tickets[0]).toMatchObject({ identity: "sse-user", status: "pre_queue" });
      expect(tickets.at(-1)).toMatchObject({ status: "admitted", admission: { token: expect.any(String) } });
      expect(text).toMatch(/^retry: \d+$/m);
    });

    test("answers a problem, not a stream, when the caller has no ticket or no token", async () => {
      const event = await createEvent({ waitingRoom: openNow() });
      const path = `${ticketPath(event.id)}/stream`;
      expect(problem(await call(api, "GET", path, { token: await as("nobody") }))).toEqual({
        status: 404,
        code: "E_TICKET_NOT_FOUND",
      });
      expect(problem(await call(api, "GET", path))).toEqual({ status: 401, code: "E_UNAUTHENTICATED" });
    });
  });

  describe("GET /api/admin/events/{id}/live", () => {
    test("shows seats, the room and the reservation traffic of every instance, to admins only", async () => {
      const second = await startApi("real", {
        DATABASE_URL: api.config.database.type === "mysql" ? api.config.database.url : "",
        REDIS_KEY_PREFIX: api.config.redisKeyPrefix,
      });
      try {
        const event = await createEvent({ totalSeats: 10, holdSeconds: 600 });
        for (const [i, instance] of [api, second, second].entries()) {
          const made = await call(instance, "POST", "/api/reservations", {
            token: await instance.token(`live-${i}`),
            body: { eventId: event.id, quantity: 2 },
          });
          expect(made.status).toBe(201);
        }
        await call(second, "POST", "/api/reservations", {
          token: await second.token("live-bad"),
          body: { eventId: event.id, quantity: 5 }, // 4 left: refused
        });
        const path = `/api/admin/events/${event.id}/live`;
        let live: CallResult | undefined;
        // Each instance adds a finished second to the fleet's buckets; the view reads complete seconds only.
        await waitUntil(
          async () => {
            live = await call(api, "GET", path, { token: admin });
            return Math.round(live.body.traffic.requestsPerSecond * live.body.traffic.windowSeconds) === 4;
          },
          20_000,
          "four requests counted",
        );
        expect(live!.body).toMatchObject({
          eventId: event.id,
          seats: { total: 10, held: 6, confirmed: 0, available: 4, nextHoldExpiresAt: expect.any(String) },
          waitingRoom: null,
          traffic: { scope: "fleet", errorRate: 0, refusalRate: 0.25, p99Ms: expect.any(Number) },
        });
        expect(Math.round(live!.body.traffic.reservationsPerSecond * live!.body.traffic.windowSeconds)).toBe(
          3,
        );
        expect(problem(await call(api, "GET", path, { token: await as("alice") }))).toEqual({
          status: 403,
          code: "E_FORBIDDEN",
        });
      } finally {
        await second.stop();
      }
    });

    test("shows the waiting room's line and admissions", async () => {
      const event = await createEvent({ totalSeats: 1, waitingRoom: openNow({ admitPerSecond: 100 }) });
      await join(event.id, "w1");
      await waitForStatus(event.id, "w1", "admitted");
      await join(event.id, "w2");
      const live = await call(api, "GET", `/api/admin/events/${event.id}/live`, { token: admin });
      expect(live.body.waitingRoom).toMatchObject({
        opened: true,
        waiting: 1,
        admitted: 1,
        admittedTotal: 1,
        admitPerSecond: 100,
        overbooking: 1,
      });
    });
  });

  describe("hostile bodies", () => {
    test.each([
      [
        "a waiting room opening that is not a date",
        "/api/events",
        "POST",
        {
          eventName: "x",
          totalSeats: 1,
          eventDate: "2031-01-01T00:00:00Z",
          waitingRoom: { opensAt: "soon", admitPerSecond: 1 },
        },
        "body.waitingRoom.opensAt",
      ],
      [
        "an admission rate of 0",
        "/api/events",
        "POST",
        {
          eventName: "x",
          totalSeats: 1,
          eventDate: "2031-01-01T00:00:00Z",
          waitingRoom: { opensAt: "2031-01-01T00:00:00Z", admitPerSecond: 0 },
        },
        "body.waitingRoom.admitPerSecond",
      ],
      [
        "an overbooking above the room's bound",
        "/api/events",
        "POST",
        {
          eventName: "x",
          totalSeats: 1,
          eventDate: "2031-01-01T00:00:00Z",
          waitingRoom: { opensAt: "2031-01-01T00:00:00Z", admitPerSecond: 1, overbooking: 101 },
        },
        "body.waitingRoom.overbooking",
      ],
      [
        "an unknown waiting-room field",
        "/api/events",
        "POST",
        {
          eventName: "x",
          totalSeats: 1,
          eventDate: "2031-01-01T00:00:00Z",
          waitingRoom: { opensAt: "2031-01-01T00:00:00Z", admitPerSecond: 1, vip: true },
        },
        "body.waitingRoom.vip",
      ],
      [
        "holds of 0 seconds",
        "/api/events",
        "POST",
        { eventName: "x", totalSeats: 1, eventDate: "2031-01-01T00:00:00Z", holdSeconds: 0 },
        "body.holdSeconds",
      ],
      [
        "holds longer than a day",
        "/api/events",
        "POST",
        { eventName: "x", totalSeats: 1, eventDate: "2031-01-01T00:00:00Z", holdSeconds: 86_401 },
        "body.holdSeconds",
      ],
      [
        "an admission token with spaces",
        "/api/reservations",
        "POST",
        { eventId: UNKNOWN_ID, quantity: 1, admissionToken: "a b" },
        "body.admissionToken",
      ],
      [
        "an admission token of 10 kB",
        "/api/reservations",
        "POST",
        { eventId: UNKNOWN_ID, quantity: 1, admissionToken: "a".repeat(10_000) },
        "body.admissionToken",
      ],
      [
        "an admission token that is a number",
        "/api/reservations",
        "POST",
        { eventId: UNKNOWN_ID, quantity: 1, admissionToken: 42 },
        "body.admissionToken",
      ],
      [
        "a payment reference of spaces",
        `/api/reservations/${UNKNOWN_ID}/confirm`,
        "POST",
        { paymentReference: "   " },
        "body.paymentReference",
      ],
      [
        "a payment reference with a control character",
        `/api/reservations/${UNKNOWN_ID}/confirm`,
        "POST",
        { paymentReference: "pay\u0000" },
        "body.paymentReference",
      ],
      [
        "a payment reference too long",
        `/api/reservations/${UNKNOWN_ID}/confirm`,
        "POST",
        { paymentReference: "p".repeat(192) },
        "body.paymentReference",
      ],
      [
        "a confirm without a reference",
        `/api/reservations/${UNKNOWN_ID}/confirm`,
        "POST",
        {},
        "body.paymentReference",
      ],
      [
        "a receipt that is an object",
        `/api/events/${UNKNOWN_ID}/waiting-room/ticket`,
        "POST",
        { receipt: { seq: 1 } },
        "body.receipt",
      ],
      [
        "an unknown join field",
        `/api/events/${UNKNOWN_ID}/waiting-room/ticket`,
        "POST",
        { position: 1 },
        "body.position",
      ],
      [
        "waiting-room settings without a rate",
        `/api/events/${UNKNOWN_ID}/waiting-room`,
        "PUT",
        { opensAt: "2031-01-01T00:00:00Z" },
        "body.admitPerSecond",
      ],
    ])(
      "refuses %s with 400 naming the field, and changes nothing",
      async (_name, path, method, body, field) => {
        const before = await databaseFingerprint(api.db!.url);
        const response = await call(api, method, path, { token: admin, body });
        expect(problem(response)).toEqual({ status: 400, code: "E_INVALID_INPUT" });
        expect(response.body.errors.map((issue: { path: string }) => issue.path)).toContain(field);
        expect(await databaseFingerprint(api.db!.url)).toBe(before);
      },
    );
  });
});
