import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { redisServer } from "@ticketing/testing";
import { streamTicket, type Ticket } from "../src/index.js";
import { connect, identities, OPENS_AT, testRoom, type Client, type TestRoom } from "./support.js";

let client: Client;
let setup: TestRoom;
let server: Server;
let base: string;
const ended: string[] = [];

beforeAll(async () => {
  client = await connect((await redisServer()).url);
  setup = testRoom(client, { seats: 1_000 });
  setup.clock.set(OPENS_AT);
  await setup.room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 1, burst: 1 });
  for (const identity of identities(3)) await setup.room.join("e1", identity);
  // The identity comes from the path here; a real app takes it from the authenticated user.
  server = createServer((request, response) => {
    const identity = decodeURIComponent(request.url!.slice(1));
    streamTicket({ room: setup.room, response, eventId: "e1", identity, updateEveryMs: 0 })
      .then(() => ended.push(identity))
      .catch((error: { code?: string }) => {
        response.writeHead(error.code === "E_TICKET_NOT_FOUND" ? 404 : 500).end(error.code);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await setup.room.close();
  await client.close();
});

/** Reads Server-Sent Events from a fetch response, one parsed `ticket` event at a time. */
async function* events(response: Response): AsyncGenerator<{ id: string; ticket: Ticket }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body!) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = Object.fromEntries(
        block
          .split("\n")
          .filter((line) => !line.startsWith(":"))
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
      );
      if (fields.event === "ticket") yield { id: fields.id!, ticket: JSON.parse(fields.data!) as Ticket };
    }
  }
}

describe("streamTicket", () => {
  test("streams the ticket as Server-Sent Events until it is admitted, then ends the response", async () => {
    const response = await fetch(`${base}/buyer-1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const stream = events(response);
    const first = (await stream.next()).value!;
    expect(first).toMatchObject({ id: "1", ticket: { status: "waiting", position: 2, ahead: 1 } });
    setup.clock.advance(1_000);
    await setup.room.tick("e1");
    expect((await stream.next()).value).toMatchObject({ id: "2", ticket: { status: "waiting", ahead: 0 } });
    setup.clock.advance(1_000);
    await setup.room.tick("e1");
    const admitted = (await stream.next()).value!;
    expect(admitted.ticket.status).toBe("admitted");
    expect(admitted.ticket.admission?.token).toEqual(expect.any(String));
    expect((await stream.next()).done).toBe(true);
  });

  test("rejects before writing for an unknown ticket, so the app can answer with an error", async () => {
    const response = await fetch(`${base}/ghost`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("E_TICKET_NOT_FOUND");
  });

  test("ends when the client disconnects", async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/buyer-2`, { signal: controller.signal });
    const stream = events(response);
    await stream.next();
    controller.abort();
    await stream.next().catch(() => undefined);
    // No admission step runs: only the closed socket can end the stream.
    while (!ended.includes("buyer-2")) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await setup.room.status("e1", "buyer-2")).status).toBe("waiting");
  });
});
