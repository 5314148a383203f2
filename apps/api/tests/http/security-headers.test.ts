import { call, startApi, type TestApi } from "../support/api.js";

describe("security headers and CORS", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded", { CORS_ORIGINS: "https://app.example.com" });
  });
  afterAll(() => api.stop());

  test("JSON responses carry the API set: nothing may load or frame them, HSTS, nosniff", async () => {
    const { headers } = await call(api, "GET", "/api/events");
    expect(headers.get("content-security-policy")).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-dns-prefetch-control")).toBeNull();
  });

  test("the HTML docs page gets helmet's defaults, which let its inline style apply", async () => {
    const { headers } = await call(api, "GET", "/api/docs");
    expect(headers.get("content-type")).toMatch(/^text\/html/);
    expect(headers.get("content-security-policy")).toContain("style-src 'self' https: 'unsafe-inline'");
    expect(headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(headers.get("x-dns-prefetch-control")).toBe("off");
  });

  test("answers an allowed origin's preflight and reads, and gives other origins no CORS grant", async () => {
    const preflight = await call(api, "OPTIONS", "/api/reservations", {
      headers: {
        Origin: "https://app.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST,PUT,DELETE");
    const read = await call(api, "GET", "/api/events", { headers: { Origin: "https://app.example.com" } });
    expect(read.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(read.headers.get("access-control-expose-headers")).toContain("X-Request-Id");

    const stranger = await call(api, "GET", "/api/events", { headers: { Origin: "https://evil.example" } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("with no allow-list, no origin gets a CORS grant", async () => {
    const closed = await startApi("embedded");
    try {
      const preflight = await call(closed, "OPTIONS", "/api/reservations", {
        headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "POST" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
      const read = await call(closed, "GET", "/api/events", {
        headers: { Origin: "https://app.example.com" },
      });
      expect(read.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await closed.stop();
    }
  });
});
