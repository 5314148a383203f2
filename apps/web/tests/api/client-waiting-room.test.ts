import { createApiClient, type ApiClient } from "../../src/api/client";
import { ApiProblem } from "../../src/api/problem";
import type { Session, Ticket } from "../../src/api/types";
import { startApi, type RunningApi } from "../support/api-server";
import { openRoom, setAdmissionRate } from "../support/queue";

describe("createApiClient's waiting room and holds, against the running API", () => {
  let api: RunningApi;
  let admin: Session;
  let buyer: Session;
  const as = (session: Session): ApiClient =>
    createApiClient({ baseUrl: api.url, token: () => session.token });

  beforeAll(async () => {
    api = await startApi();
    admin = await api.signIn("queue-admin", "admin");
    buyer = await api.signIn("queue-buyer");
  });
  afterAll(() => api?.stop());

  test("joins, streams the ticket until admitted, and reserves with the admission as a hold", async () => {
    // A rate of one admission per 100 s keeps the buyer waiting until the test raises it.
    const event = await api.createEvent(admin, { holdSeconds: 300, waitingRoom: openRoom(0.01) });
    const client = as(buyer);
    const joined = await client.joinWaitingRoom(event.id);
    expect(joined).toMatchObject({ status: "waiting", position: 1, pollAfterMs: expect.any(Number) });
    expect(await client.joinWaitingRoom(event.id, joined.receipt)).toMatchObject({ position: 1 });

    const seen: Ticket[] = [];
    const streamed = client.streamTicket(
      event.id,
      (ticket) => seen.push(ticket),
      new AbortController().signal,
    );
    await setAdmissionRate(api, admin, event, 10);
    await streamed;
    expect(seen[0]).toMatchObject({ status: "waiting" });
    expect(seen.at(-1)).toMatchObject({ status: "admitted", admission: { token: expect.any(String) } });
    expect(await client.waitingRoomTicket(event.id)).toMatchObject({ status: "admitted", pollAfterMs: null });

    const held = await client.reserve({
      eventId: event.id,
      quantity: 1,
      idempotencyKey: "queue-1",
      admissionToken: seen.at(-1)!.admission!.token,
    });
    expect(held).toMatchObject({ status: "HELD", expiresAt: expect.any(String) });
    expect(await client.getReservation(held.id)).toMatchObject({ id: held.id, status: "HELD" });
  });

  test("confirms a hold, answers the same payment again with the reservation and refuses another", async () => {
    const event = await api.createEvent(admin, { holdSeconds: 300 });
    const client = as(buyer);
    const held = await client.reserve({ eventId: event.id, quantity: 2, idempotencyKey: "hold-1" });
    const paid = await client.confirmReservation(held.id, "sim-pay-1");
    expect(paid).toMatchObject({ status: "CONFIRMED", paymentReference: "sim-pay-1" });
    expect(await client.confirmReservation(held.id, "sim-pay-1")).toEqual(paid);
    const other = await client.confirmReservation(held.id, "sim-pay-2").catch((error: unknown) => error);
    expect(other).toBeInstanceOf(ApiProblem);
    expect(other).toMatchObject({ code: "E_ALREADY_CONFIRMED" });
  });

  test("refuses to reserve without an admission, and to stream a ticket never taken", async () => {
    const event = await api.createEvent(admin, { waitingRoom: openRoom(1) });
    const client = as(buyer);
    await expect(
      client.reserve({ eventId: event.id, quantity: 1, idempotencyKey: "no-admission" }),
    ).rejects.toMatchObject({
      code: "E_NOT_ADMITTED",
    });
    await expect(client.streamTicket(event.id, () => {}, new AbortController().signal)).rejects.toMatchObject(
      {
        code: "E_TICKET_NOT_FOUND",
        status: 404,
      },
    );
  });

  test("stops reading the stream when aborted", async () => {
    const event = await api.createEvent(admin, { waitingRoom: openRoom(0.01) });
    const client = as(buyer);
    await client.joinWaitingRoom(event.id);
    const controller = new AbortController();
    const seen: Ticket[] = [];
    const streamed = client.streamTicket(
      event.id,
      (ticket) => {
        seen.push(ticket);
        controller.abort();
      },
      controller.signal,
    );
    await expect(streamed).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toHaveLength(1);
  });

  test("puts a room on an event that sells directly, changes its rate, and refuses to move an opening passed", async () => {
    const event = await api.createEvent(admin, { totalSeats: 5 });
    expect(event.waitingRoom).toBeNull();
    const operator = as(admin);
    const room = { ...openRoom(5), overbooking: 1 };
    expect(await operator.configureWaitingRoom(event.id, room)).toEqual(room);
    expect((await operator.live(event.id)).waitingRoom).toMatchObject({ admitPerSecond: 5, overbooking: 1 });
    await expect(
      as(buyer).reserve({ eventId: event.id, quantity: 1, idempotencyKey: `direct-${event.id}` }),
    ).rejects.toMatchObject({ code: "E_NOT_ADMITTED" });

    expect(await operator.configureWaitingRoom(event.id, { ...room, admitPerSecond: 20 })).toEqual({
      ...room,
      admitPerSecond: 20,
    });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await expect(
      operator.configureWaitingRoom(event.id, { ...room, opensAt: later, admitPerSecond: 30 }),
    ).rejects.toMatchObject({ name: "ApiProblem", code: "E_ROOM_ALREADY_OPEN", status: 409 });
    expect((await operator.live(event.id)).waitingRoom).toMatchObject({
      opensAt: room.opensAt,
      admitPerSecond: 20,
    });
    await expect(as(buyer).configureWaitingRoom(event.id, room)).rejects.toMatchObject({
      code: "E_FORBIDDEN",
      status: 403,
    });
  });
});
