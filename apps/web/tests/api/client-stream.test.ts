import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiClient } from "../../src/api/client";
import type { Ticket } from "../../src/api/types";

/**
 * A server that answers the ticket stream with the messages given and then keeps it open, as a server does while
 * the ticket waits; `closed` resolves when the client has closed the stream.
 */
async function streamServer(messages: string) {
  let closed: () => void = () => undefined;
  const streamClosed = new Promise<void>((resolve) => (closed = resolve));
  const open = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    open.add(response);
    response.on("close", () => {
      open.delete(response);
      closed();
    });
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    response.write(messages);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    closed: streamClosed,
    stop: () => {
      for (const response of open) response.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const ticketMessage = (ticket: Partial<Ticket>) => `event: ticket\ndata: ${JSON.stringify(ticket)}\n\n`;

describe("createApiClient's streamTicket", () => {
  test("refuses a ticket message that is not JSON as an unexpected response, and closes the stream", async () => {
    const server = await streamServer("retry: 2500\nevent: ticket\ndata: {not json\n\n");
    try {
      const retries: number[] = [];
      const client = createApiClient({ baseUrl: server.url });
      await expect(
        client.streamTicket(
          "e1",
          () => {},
          new AbortController().signal,
          (ms) => retries.push(ms),
        ),
      ).rejects.toMatchObject({ name: "ApiProblem", code: "E_UNEXPECTED_RESPONSE" });
      await server.closed;
      expect(retries).toEqual([2500]);
    } finally {
      await server.stop();
    }
  });

  test("passes on what the ticket's callback throws, and closes the stream", async () => {
    const server = await streamServer(ticketMessage({ status: "waiting", position: 1 }));
    try {
      const client = createApiClient({ baseUrl: server.url });
      const refused = new Error("the page could not show the ticket");
      await expect(
        client.streamTicket(
          "e1",
          () => {
            throw refused;
          },
          new AbortController().signal,
        ),
      ).rejects.toBe(refused);
      await server.closed;
    } finally {
      await server.stop();
    }
  });
});
