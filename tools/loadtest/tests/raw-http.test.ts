import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildRequest, parseResponse, RawConnection } from "../src/raw-http.ts";

describe("parseResponse", () => {
  test("waits for the whole content-length body", () => {
    const full = Buffer.from('HTTP/1.1 201 Created\r\ncontent-length: 11\r\n\r\n{"id":"r1"}');
    expect(parseResponse(full.subarray(0, full.length - 3), false)).toBeUndefined();
    expect(parseResponse(full, false)).toEqual({
      response: { status: 201, headers: { "content-length": "11" }, body: '{"id":"r1"}' },
      consumed: full.length,
    });
  });

  test("joins a chunked body", () => {
    const raw = Buffer.from(
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    );
    expect(parseResponse(raw, false)?.response.body).toBe("abcde");
    expect(parseResponse(raw, false)?.consumed).toBe(raw.length);
  });
});

describe("RawConnection", () => {
  let server: Server;
  let url: URL;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ method: req.method, path: req.url, auth: req.headers.authorization, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("sends prepared requests one after another on one keep-alive socket", async () => {
    const connection = await RawConnection.open(url);
    try {
      const request = buildRequest(
        "POST",
        new URL("/api/reservations", url),
        { authorization: "Bearer t" },
        '{"q":1}',
      );
      const first = await connection.request(request);
      const second = await connection.request(request);
      expect(first.status).toBe(200);
      expect(JSON.parse(second.body)).toEqual({
        method: "POST",
        path: "/api/reservations",
        auth: "Bearer t",
        body: '{"q":1}',
      });
    } finally {
      connection.close();
    }
  });

  test("rejects with E_CONNECTION when nothing listens", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await expect(RawConnection.open(new URL(`http://127.0.0.1:${port}`))).rejects.toMatchObject({
      code: "E_CONNECTION",
    });
  });
});
