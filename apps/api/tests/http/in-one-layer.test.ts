import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { inOneLayer } from "../../src/http/in-one-layer.js";

/** Serves GET /t behind `layer`; the route echoes the steps taken, errors answer 500 with their message. */
async function serve(
  layer: RequestHandler,
): Promise<{ get: () => Promise<[number, string]>; close: () => void }> {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.steps = [];
    next();
  });
  app.use(layer);
  app.get("/t", (_req, res) => {
    res.send([...(res.locals.steps as string[]), "route"].join(","));
  });
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
    res.status(500).send(`error:${error.message}`);
  };
  app.use(onError);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/t`;
  return {
    get: async () => {
      const response = await fetch(url);
      return [response.status, await response.text()];
    },
    close: () => server.close(),
  };
}

const step =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    (res.locals.steps as string[]).push(name);
    next();
  };

describe("inOneLayer", () => {
  test("runs its middlewares in order, then the routes after it", async () => {
    const nullIsNoError: RequestHandler = (_req, _res, next) => next(null);
    const app = await serve(inOneLayer(step("a"), nullIsNoError, step("b"), step("c")));
    try {
      expect(await app.get()).toEqual([200, "a,b,c,route"]);
    } finally {
      app.close();
    }
  });

  test("lets a middleware answer and stop the chain", async () => {
    const app = await serve(
      inOneLayer(step("a"), (_req, res) => void res.status(401).send("stopped"), step("never")),
    );
    try {
      expect(await app.get()).toEqual([401, "stopped"]);
    } finally {
      app.close();
    }
  });

  test("hands errors passed, thrown or rejected to the error handler and skips the rest", async () => {
    const failures: [string, RequestHandler][] = [
      ["passed", (_req, _res, next) => next(new Error("passed"))],
      [
        "thrown",
        () => {
          throw new Error("thrown");
        },
      ],
      [
        "rejected",
        async () => {
          await Promise.resolve();
          throw new Error("rejected");
        },
      ],
    ];
    for (const [how, failure] of failures) {
      const app = await serve(inOneLayer(step("a"), failure, step("never")));
      try {
        expect(await app.get()).toEqual([500, `error:${how}`]);
      } finally {
        app.close();
      }
    }
  });
});
