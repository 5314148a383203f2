import { call, startApi, type TestApi } from "../support/api.js";

describe("request logging", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi("embedded");
  });
  afterAll(() => api.stop());

  const linesOf = (requestId: string) => api.logs.filter((line) => line.requestId === requestId);
  // The line is written when the response closes, just after the client has read it.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  test("writes one info line per authenticated request with its id, route, status and time", async () => {
    const token = await api.token("logged-user");
    await call(api, "GET", "/api/reservations/user/logged-user", {
      token,
      headers: { "X-Request-Id": "log-auth-1" },
    });
    await settle();
    const lines = linesOf("log-auth-1");
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "request completed",
        req: expect.objectContaining({ method: "GET", url: "/api/reservations/user/logged-user" }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(api.logs)).not.toContain(token);
  });

  test("keeps anonymous successful reads at debug and client errors at warn", async () => {
    await call(api, "GET", "/api/events", { headers: { "X-Request-Id": "log-anon-1" } });
    await call(api, "GET", "/api/events/not%20an%20id", { headers: { "X-Request-Id": "log-400-1" } });
    await settle();
    expect(linesOf("log-anon-1")).toEqual([]);
    expect(linesOf("log-400-1")).toEqual([
      expect.objectContaining({ level: "warn", msg: "request completed", res: { statusCode: 400 } }),
    ]);
  });
});
