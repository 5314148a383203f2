import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { RoundRobinProxy } from "../../src/chaos/proxy.ts";

async function upstream(name: string, healthStatus = 200): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/api/health") {
      res.writeHead(healthStatus).end();
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () =>
      res.end(JSON.stringify({ name, body, forwardedFor: req.headers["x-forwarded-for"] })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });

describe("RoundRobinProxy", () => {
  test("alternates between upstreams and forwards the body", async () => {
    const [a, b] = await Promise.all([upstream("a"), upstream("b")]);
    const proxy = new RoundRobinProxy([a.url, b.url]);
    const url = await proxy.listen();
    try {
      const names: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(new URL("/x", url), { method: "POST", body: `n${i}` });
        const json = (await response.json()) as { name: string; body: string; forwardedFor: string };
        names.push(json.name);
        expect(json.body).toBe(`n${i}`);
        expect(json.forwardedFor).toContain("127.0.0.1");
      }
      expect(names).toEqual(["a", "b", "a", "b"]);
    } finally {
      await proxy.close();
      await Promise.all([close(a.server), close(b.server)]);
    }
  });

  test("answers 502 when the chosen upstream is gone, then routes around it", async () => {
    const [a, b] = await Promise.all([upstream("a"), upstream("b")]);
    await close(b.server);
    const proxy = new RoundRobinProxy([a.url, b.url], 60_000);
    const url = await proxy.listen();
    // The proxy's clock stands still: b stays in its one-second penalty after the failure for every request below,
    // however long they take on a busy machine.
    const clock = jest.spyOn(Date, "now").mockReturnValue(Date.now());
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(new URL("/x", url));
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 502, 200, 200]);
    } finally {
      clock.mockRestore();
      await proxy.close();
      await close(a.server);
    }
  });

  test("prefers upstreams that pass the health check and fails open when none does", () => {
    const proxy = new RoundRobinProxy(["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    const [first, second] = proxy.upstreams;
    if (!first || !second) throw new Error("two upstreams expected");
    first.healthy = false;
    expect([proxy.pick(), proxy.pick(), proxy.pick()].map((u) => u?.url.port)).toEqual(["2", "2", "2"]);
    second.healthy = false;
    expect(new Set([proxy.pick(), proxy.pick()].map((u) => u?.url.port))).toEqual(new Set(["1", "2"]));
  });
});
