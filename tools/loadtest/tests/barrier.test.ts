import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { runBarrier } from "../src/barrier.ts";
import { buildRequest } from "../src/raw-http.ts";

describe("runBarrier", () => {
  let server: Server;
  let url: URL;
  let served = 0;
  beforeAll(async () => {
    // Answers each client with its own name; the client called "lost" has its connection cut instead.
    server = createServer((req, res) => {
      served++;
      const name = String(req.headers["x-client"]);
      if (name === "lost") return req.socket.destroy();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: name }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/reservations`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (userId: string) => ({
    userId,
    request: buildRequest("POST", url, { "x-client": userId, "content-type": "application/json" }, "{}"),
  });

  test("gives every client its own answer, in the order of the clients", async () => {
    const clients = Array.from({ length: 300 }, (_, i) => client(`u${i}`));
    const lines: string[] = [];
    const run = await runBarrier(url, clients, { connectConcurrency: 32, log: (line) => lines.push(line) });
    expect(run.outcomes.map((outcome) => [outcome.userId, outcome.status, outcome.reservationId])).toEqual(
      clients.map(({ userId }) => [userId, 200, userId]),
    );
    expect(lines).toEqual([expect.stringMatching(/^300 connections open in \d+ ms; releasing the barrier$/)]);
  });

  test("records a client whose connection is cut as status 0 with the error, and still answers the others", async () => {
    const before = served;
    const run = await runBarrier(url, [client("a"), client("lost"), client("b")]);
    expect(served - before).toBe(3);
    expect(run.outcomes.map((outcome) => outcome.status)).toEqual([200, 0, 200]);
    expect(run.outcomes[1]?.error).toMatch(/closed before the response ended/);
  });
});
