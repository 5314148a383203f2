import { createApiClient, type ApiClient } from "../../src/api/client";
import type { Session, Ticket } from "../../src/api/types";
import { followTicket } from "../../src/hooks/follow-ticket";
import { startApi, type RunningApi } from "../support/api-server";
import { join, openRoom } from "../support/queue";

describe("followTicket against the running API", () => {
  let api: RunningApi;
  let admin: Session;
  const as = (session: Session): ApiClient =>
    createApiClient({ baseUrl: api.url, token: () => session.token });

  beforeAll(async () => {
    api = await startApi({ mode: "embedded" });
    admin = await api.signIn("follow-admin", "admin");
  });
  afterAll(() => api?.stop());

  test("rejoins once when the room does not know the ticket, and follows the new one until admitted", async () => {
    // One admission per two seconds: the first buyer waits a moment, the second a moment more.
    const event = await api.createEvent(admin, { waitingRoom: openRoom(0.5) });
    const first = await join(api, await api.signIn("follow-first"), event.id);
    expect(first.status).toBe("waiting");
    // This buyer never joined: the stream and the read both answer E_TICKET_NOT_FOUND until the rejoin.
    const stranger = await api.signIn("follow-stranger");
    const client = as(stranger);
    const seen: Ticket[] = [];
    const problems: unknown[] = [];
    let rejoins = 0;
    await followTicket(client, first, {
      signal: new AbortController().signal,
      onTicket: (ticket) => seen.push(ticket),
      onProblem: (problem) => problems.push(problem),
      rejoin: (signal) => {
        rejoins++;
        return client.joinWaitingRoom(event.id, undefined, signal);
      },
    });
    expect(rejoins).toBe(1);
    expect(problems).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ status: "admitted", admission: { token: expect.any(String) } });
  });

  test("stops on a refusal that waiting cannot change, and reports it once", async () => {
    const room = await api.createEvent(admin, { waitingRoom: openRoom(0.5) });
    const buyer = await api.signIn("follow-plain");
    const ticket = await join(api, buyer, room.id);
    // The same ticket followed on an event that sells without a waiting room: every read is E_NO_WAITING_ROOM.
    const plain = await api.createEvent(admin);
    const problems: unknown[] = [];
    let rejoins = 0;
    await followTicket(
      as(buyer),
      { ...ticket, eventId: plain.id },
      {
        signal: new AbortController().signal,
        onTicket: () => {},
        onProblem: (problem) => problems.push(problem),
        rejoin: () => {
          rejoins++;
          return Promise.reject(new Error("not asked"));
        },
      },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ name: "ApiProblem", code: "E_NO_WAITING_ROOM", status: 404 });
    expect(rejoins).toBe(0);
  });

  test("resolves without reading further once aborted", async () => {
    const event = await api.createEvent(admin, { waitingRoom: openRoom(0.01) });
    const buyer = await api.signIn("follow-leaver");
    const ticket = await join(api, buyer, event.id);
    const controller = new AbortController();
    const seen: Ticket[] = [];
    const following = followTicket(as(buyer), ticket, {
      signal: controller.signal,
      onTicket: (next) => {
        seen.push(next);
        controller.abort();
      },
      onProblem: () => {},
      rejoin: () => Promise.reject(new Error("not asked")),
    });
    await expect(following).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });
});
