import type { Express } from "express";
import { createApp } from "../src/app.js";
import { createTokenVerifier } from "../src/auth/verify-token.js";
import type { Engine } from "../src/engine.js";
import type { LiveStats } from "../src/live/live-stats.js";
import type { Rooms } from "../src/waiting-room/rooms.js";
import { RESERVATION_LIMITS } from "@ticketing/reservation";
import { createLogger } from "../src/logger.js";
import { call, startApi, type TestApi } from "./support/api.js";

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the Express router can dispatch, found by walking its layers. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all") found.push(`${method} ${layer.route.path.replace(/:(\w+)/g, "{$1}")}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

describe("the OpenAPI document", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded");
  });
  afterAll(async () => {
    await api?.stop();
  });

  test("lists every route the app serves, and nothing it does not", async () => {
    const app = createApp({
      engine: {} as Engine,
      rooms: {} as Rooms,
      live: {} as LiveStats,
      verifier: createTokenVerifier({ secret: "x".repeat(32), jwksUrl: null, devSecret: false }),
      logger: createLogger({ level: "silent" }),
    });
    const routes = routesOf(app);
    expect(routes).toEqual(
      expect.arrayContaining([
        "get /api/health",
        "get /api/events",
        "get /api/events/{id}",
        "post /api/events",
        "post /api/reservations",
        "get /api/reservations/user/{userId}",
        "delete /api/reservations/{id}",
      ]),
    );
    const doc = (await call(api, "GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(routes);
  });

  test("is OpenAPI 3.1 with every $ref resolvable and ids documented as UUIDv7 strings", async () => {
    const response = await call(api, "GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe("3.1.0");
    const refs = [...response.text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas[ref]).toBeDefined();
    expect(doc.info.description).toContain("UUIDv7");
    expect(doc.components.schemas.CreateReservation.properties.quantity).toMatchObject({
      minimum: 1,
      maximum: 10,
    });
    expect(doc.components.schemas.CreateEvent.additionalProperties).toBe(false);
    expect(doc.components.schemas.CreateEvent.properties.totalSeats).toMatchObject({
      minimum: 1,
      maximum: RESERVATION_LIMITS.totalSeatsMax,
    });
  });

  test("is rendered as a self-contained docs page with an anchor per problem type", async () => {
    const page = await call(api, "GET", "/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!json-schema\.org)/);
    for (const slug of ["sold-out", "insufficient-seats", "per-user-limit", "rate-limited"]) {
      expect(page.text).toContain(`id="${slug}"`);
    }
    expect(page.text).toContain("/api/reservations/user/{userId}");
  });
});
