import { createServer, IncomingMessage, ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { expressServerClasses } from "../../src/http/express-server-classes.js";

describe("expressServerClasses", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  test("hands the app requests and responses that already have its prototypes and still work as Node's", async () => {
    const app = express();
    app.use(express.json());
    const seen: { request: boolean; response: boolean; nodeRequest: boolean; nodeResponse: boolean }[] = [];
    app.post("/echo", (req, res) => {
      res.status(201).json({ got: req.body as unknown, path: req.path });
    });
    server = createServer(expressServerClasses(app), (req, res) => {
      seen.push({
        request: Object.getPrototypeOf(req) === app.request,
        response: Object.getPrototypeOf(res) === app.response,
        nodeRequest: req instanceof IncomingMessage,
        nodeResponse: res instanceof ServerResponse,
      });
      app(req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;

    for (let i = 0; i < 2; i++) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ n: i }),
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ got: { n: i }, path: "/echo" });
    }
    expect(seen).toEqual([
      { request: true, response: true, nodeRequest: true, nodeResponse: true },
      { request: true, response: true, nodeRequest: true, nodeResponse: true },
    ]);
  });
});
