import { waitUntil } from "@ticketing/testing";
import { SignJWT } from "jose";
import { call, databaseFingerprint, inOneYear, startApi, TEST_SECRET, type TestApi } from "./support/api.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const hs256 = (claims: Record<string, unknown>, secret = TEST_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));

interface Hostile {
  method: string;
  path: string;
  /** A JSON value, or a raw string body. */
  body?: unknown;
  raw?: string;
  contentType?: string | null;
  /** "alice" | "admin" | a literal Authorization header value | a function producing the token */
  auth?: "alice" | "admin" | ((ctx: Ctx) => Promise<string> | string);
  headers?: Record<string, string>;
  status: number;
}

interface Ctx {
  eventId: string;
  bobsReservation: string;
}

const reserve = (body: unknown, status = 400): Hostile => ({
  method: "POST",
  path: "/api/reservations",
  body,
  auth: "alice",
  status,
});
const reserveRaw = (raw: string, contentType: string | null, status: number): Hostile => ({
  method: "POST",
  path: "/api/reservations",
  raw,
  contentType,
  auth: "alice",
  status,
});
const createEvent = (patch: Record<string, unknown>, status = 400): Hostile => ({
  method: "POST",
  path: "/api/events",
  body: { eventName: "Hostile", totalSeats: 10, eventDate: "2031-01-01T00:00:00Z", ...patch },
  auth: "admin",
  status,
});
const bearer = (token: (ctx: Ctx) => Promise<string> | string): Hostile => ({
  method: "GET",
  path: "/api/reservations/user/alice",
  auth: async (ctx) => `Bearer ${await token(ctx)}`,
  status: 401,
});
const EVENT = "$event";

const cases: [string, Hostile][] = [
  // types and bounds
  ["quantity 0", reserve({ eventId: EVENT, quantity: 0 })],
  ["quantity -1", reserve({ eventId: EVENT, quantity: -1 })],
  ["quantity 11 (over the limit)", reserve({ eventId: EVENT, quantity: 11 })],
  ["quantity 1.5", reserve({ eventId: EVENT, quantity: 1.5 })],
  ['quantity "2" (a string)', reserve({ eventId: EVENT, quantity: "2" })],
  ["quantity 1e308", reserve({ eventId: EVENT, quantity: 1e308 })],
  [
    "quantity 2^53+1",
    reserveRaw(`{"eventId":"${EVENT}","quantity":9007199254740993}`, "application/json", 400),
  ],
  [
    "quantity 1e400 (Infinity)",
    reserveRaw(`{"eventId":"${EVENT}","quantity":1e400}`, "application/json", 400),
  ],
  ["quantity null", reserve({ eventId: EVENT, quantity: null })],
  ["quantity true", reserve({ eventId: EVENT, quantity: true })],
  ["quantity []", reserve({ eventId: EVENT, quantity: [] })],
  ["quantity {}", reserve({ eventId: EVENT, quantity: {} })],
  ["missing quantity", reserve({ eventId: EVENT })],
  ["empty object", reserve({})],
  // injection and unicode
  ["SQL injection in eventId", reserve({ eventId: "' OR 1=1 --", quantity: 1 })],
  ["stacked query in eventId", reserve({ eventId: "1; DROP TABLE reservations", quantity: 1 })],
  ["script tag in eventId", reserve({ eventId: "<script>alert(1)</script>", quantity: 1 })],
  ["path traversal in eventId", reserve({ eventId: "../../etc/passwd", quantity: 1 })],
  ["numeric eventId", reserve({ eventId: 42, quantity: 1 })],
  ["emoji eventId", reserve({ eventId: "🎟️🎟️🎟️", quantity: 1 })],
  [
    "fullwidth digits in a uuid",
    reserve({ eventId: "０１９０００００-0000-7000-8000-000000000000", quantity: 1 }),
  ],
  ["10 kB eventId", reserve({ eventId: "a".repeat(10_000), quantity: 1 })],
  ["NoSQL operator object as eventId", reserve({ eventId: { $ne: null }, quantity: 1 })],
  // unknown fields and prototype pollution
  ["unknown field role", reserve({ eventId: EVENT, quantity: 1, role: "admin" })],
  [
    "__proto__ field",
    reserveRaw(`{"eventId":"${EVENT}","quantity":1,"__proto__":{"admin":true}}`, "application/json", 400),
  ],
  [
    "constructor field",
    reserve({ eventId: EVENT, quantity: 1, constructor: { prototype: { admin: true } } }),
  ],
  ["another user's id in the body", reserve({ eventId: EVENT, quantity: 1, userId: "bob" }, 403)],
  ["control character userId in the body", reserve({ eventId: EVENT, quantity: 1, userId: "alice\u0000" })],
  // not an object, malformed JSON
  ["array body", reserve([{ eventId: EVENT, quantity: 1 }])],
  ["string body", reserveRaw('"reserve"', "application/json", 400)],
  ["number body", reserveRaw("123", "application/json", 400)],
  ["null body", reserveRaw("null", "application/json", 400)],
  ["truncated JSON", reserveRaw('{"eventId":', "application/json", 400)],
  ["single-quoted JSON", reserveRaw("{'eventId':'x','quantity':1}", "application/json", 400)],
  ["trailing comma", reserveRaw(`{"eventId":"${EVENT}","quantity":1,}`, "application/json", 400)],
  ["NUL byte body", reserveRaw("\u0000", "application/json", 400)],
  ["lone surrogate in eventName", createEvent({ eventName: "\ud800bad" })],
  // media types and sizes
  ["text/plain body", reserveRaw(`{"eventId":"${EVENT}","quantity":1}`, "text/plain", 415)],
  ["form-encoded body", reserveRaw("eventId=x&quantity=1", "application/x-www-form-urlencoded", 415)],
  ["multipart body", reserveRaw("--b\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", 415)],
  ["no content type", reserveRaw(`{"eventId":"${EVENT}","quantity":1}`, null, 415)],
  [
    "latin1 charset",
    reserveRaw(`{"eventId":"${EVENT}","quantity":1}`, "application/json; charset=latin1", 415),
  ],
  ["20 kB body", reserve({ eventId: EVENT, quantity: 1, pad: "x".repeat(20_000) }, 413)],
  ["deeply nested 16 kB body", reserveRaw("[".repeat(16_500), "application/json", 413)],
  // events
  ["user creating an event", { ...createEvent({}), auth: "alice", status: 403 }],
  ["totalSeats 10,000,001", createEvent({ totalSeats: 10_000_001 })],
  ["totalSeats 1e9", createEvent({ totalSeats: 1e9 })],
  ["totalSeats -5", createEvent({ totalSeats: -5 })],
  ["eventName of 201 characters", createEvent({ eventName: "x".repeat(201) })],
  ["eventName with NUL", createEvent({ eventName: "a\u0000b" })],
  ["blank eventName", createEvent({ eventName: "   " })],
  ["impossible date", createEvent({ eventDate: "2030-13-45T00:00:00Z" })],
  ["date without offset", createEvent({ eventDate: "2030-01-01T00:00:00" })],
  ["epoch number date", createEvent({ eventDate: 1_900_000_000 })],
  ["words as date", createEvent({ eventDate: "next friday" })],
  ["maxPerUser 0", createEvent({ maxPerUser: 0 })],
  // paths and queries
  [
    "SQL injection in the event id path",
    { method: "GET", path: "/api/events/'%20OR%20'1'%3D'1", status: 400 },
  ],
  ["NUL in the event id path", { method: "GET", path: "/api/events/%00", status: 400 }],
  [
    "uuid plus injection in the path",
    { method: "GET", path: "/api/events/01900000-0000-7000-8000-000000000000%20OR%201%3D1", status: 400 },
  ],
  ["huge limit", { method: "GET", path: "/api/events?limit=99999999999999999999", status: 400 }],
  ["negative limit", { method: "GET", path: "/api/events?limit=-1", status: 400 }],
  ["object query", { method: "GET", path: "/api/events?limit[$gt]=1", status: 400 }],
  [
    "200-character userId path",
    { method: "GET", path: `/api/reservations/user/${"u".repeat(200)}`, auth: "alice", status: 400 },
  ],
  [
    "bell character userId path",
    { method: "GET", path: "/api/reservations/user/alice%07", auth: "alice", status: 400 },
  ],
  [
    "another user's reservations",
    { method: "GET", path: "/api/reservations/user/bob", auth: "alice", status: 403 },
  ],
  [
    "cancelling another user's reservation",
    { method: "DELETE", path: "/api/reservations/$bobs", auth: "alice", status: 403 },
  ],
  [
    "injection as reservation id",
    { method: "DELETE", path: "/api/reservations/1%20OR%201%3D1", auth: "alice", status: 400 },
  ],
  [
    "Idempotency-Key of 200 characters",
    { ...reserve({ eventId: EVENT, quantity: 1 }), headers: { "Idempotency-Key": "k".repeat(200) } },
  ],
  [
    "Idempotency-Key with spaces",
    { ...reserve({ eventId: EVENT, quantity: 1 }), headers: { "Idempotency-Key": "a b c" } },
  ],
  // tokens
  ["no token", { method: "GET", path: "/api/reservations/user/alice", status: 401 }],
  [
    "Basic credentials",
    { method: "GET", path: "/api/reservations/user/alice", auth: () => "Basic YWxpY2U6cHc=", status: 401 },
  ],
  [
    "empty bearer",
    { method: "GET", path: "/api/reservations/user/alice", auth: () => "Bearer ", status: 401 },
  ],
  ["garbage bearer", bearer(() => "not.a.jwt")],
  [
    "alg none unsigned",
    bearer(
      () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "alice", role: "admin", exp: inAnHour() })}.`,
    ),
  ],
  [
    "alg none with a fake signature",
    bearer(() => `${b64({ alg: "none" })}.${b64({ sub: "alice", role: "admin", exp: inAnHour() })}.AAAA`),
  ],
  [
    "forged with another secret",
    bearer(() => hs256({ sub: "alice", role: "admin", exp: inAnHour() }, "x".repeat(40))),
  ],
  [
    "payload swapped under a valid signature",
    bearer(async () => {
      const [header, , signature] = (await hs256({ sub: "alice", role: "user", exp: inAnHour() })).split(".");
      return `${header}.${b64({ sub: "alice", role: "admin", exp: inAnHour() })}.${signature}`;
    }),
  ],
  [
    "expired token",
    bearer(() => hs256({ sub: "alice", role: "user", exp: Math.floor(Date.now() / 1000) - 120 })),
  ],
  ["token without exp", bearer(() => hs256({ sub: "alice", role: "user" }))],
  ["token without sub", bearer(() => hs256({ role: "user", exp: inAnHour() }))],
  ["token with an unknown role", bearer(() => hs256({ sub: "alice", role: "superuser", exp: inAnHour() }))],
  [
    "token not yet valid",
    bearer(() => hs256({ sub: "alice", role: "user", exp: inAnHour(), nbf: inAnHour() - 60 })),
  ],
  [
    "RS256 header on an HS256 token",
    bearer(async () => {
      const [, payload, signature] = (await hs256({ sub: "alice", role: "user", exp: inAnHour() })).split(
        ".",
      );
      return `${b64({ alg: "RS256", typ: "JWT" })}.${payload}.${signature}`;
    }),
  ],
  ["8 kB token", bearer(() => `${"a".repeat(4000)}.${"b".repeat(4000)}.${"c".repeat(300)}`)],
  // identities that differ from a real user only by whitespace, and token lifetimes
  ["sub with a trailing space", bearer(() => hs256({ sub: "alice ", role: "user", exp: inAnHour() }))],
  ["sub with a leading space", bearer(() => hs256({ sub: " alice", role: "user", exp: inAnHour() }))],
  [
    "sub with a trailing no-break space",
    bearer(() => hs256({ sub: "alice\u00a0", role: "user", exp: inAnHour() })),
  ],
  ["sub of spaces only", bearer(() => hs256({ sub: "   ", role: "user", exp: inAnHour() }))],
  ["empty sub", bearer(() => hs256({ sub: "", role: "user", exp: inAnHour() }))],
  [
    "exp in the year 3000",
    bearer(() => hs256({ sub: "alice", role: "user", exp: Date.UTC(3000, 0, 1) / 1000 })),
  ],
  [
    "iat an hour in the future",
    bearer(() => hs256({ sub: "alice", role: "user", iat: inAnHour(), exp: inAnHour() + 600 })),
  ],
  // only UTF-8 bodies: other charsets would be decoded into something else than what was validated
  [
    "utf-7 body (+ADI- decodes to 2)",
    reserveRaw(`{"eventId":"${EVENT}","quantity":+ADI-}`, "application/json; charset=utf-7", 415),
  ],
  [
    "utf-7 script tag in a name",
    {
      ...createEvent({}),
      raw: '{"eventName":"+ADw-script+AD4-","totalSeats":1,"eventDate":"2031-01-01T00:00:00Z"}',
      contentType: "application/json; charset=utf-7",
      status: 415,
    },
  ],
  [
    "utf-16 charset",
    reserveRaw(`{"eventId":"${EVENT}","quantity":1}`, "application/json; charset=utf-16le", 415),
  ],
  // ids longer than any the engine accepts must be refused before the cache sees them
  [
    "GET an event id of 1,019 characters",
    { method: "GET", path: `/api/events/${"a".repeat(1019)}`, status: 400 },
  ],
  [
    "GET an event id of 4,000 characters",
    { method: "GET", path: `/api/events/${"b".repeat(4000)}`, status: 400 },
  ],
  [
    "HEAD an event id of 1,019 characters",
    { method: "HEAD", path: `/api/events/${"a".repeat(1019)}`, status: 400 },
  ],
];

describe("hostile and malformed requests", () => {
  let api: TestApi;
  let ctx: Ctx;
  const tokens: Record<string, string> = {};
  let before: string;

  beforeAll(async () => {
    api = await startApi("real");
    tokens.alice = await api.token("alice");
    tokens.admin = await api.token("root", "admin");
    const bob = await api.token("bob");
    const event = await call(api, "POST", "/api/events", {
      token: tokens.admin,
      body: { eventName: "Target", totalSeats: 100, eventDate: inOneYear() },
    });
    const reservation = await call(api, "POST", "/api/reservations", {
      token: bob,
      body: { eventId: event.body.id, quantity: 1 },
    });
    expect(reservation.status).toBe(201);
    ctx = { eventId: event.body.id, bobsReservation: reservation.body.id };
    before = await databaseFingerprint(api.db!.url);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test("has at least 50 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  test.each(cases)("%s is answered with a problem, never a success or a 5xx", async (_name, hostile) => {
    const substitute = (text: string) =>
      text.replaceAll(EVENT, ctx.eventId).replaceAll("$bobs", ctx.bobsReservation);
    const headers: Record<string, string> = { ...hostile.headers };
    if (hostile.auth === "alice" || hostile.auth === "admin")
      headers.authorization = `Bearer ${tokens[hostile.auth]}`;
    else if (hostile.auth) headers.authorization = await hostile.auth(ctx);
    let body: string | undefined;
    if (hostile.raw !== undefined) body = substitute(hostile.raw);
    else if (hostile.body !== undefined) body = substitute(JSON.stringify(hostile.body));
    if (body !== undefined && hostile.contentType !== null)
      headers["content-type"] = hostile.contentType ?? "application/json";
    const response = await fetch(`${api.url}${substitute(hostile.path)}`, {
      method: hostile.method,
      headers,
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(hostile.status);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    if (hostile.method === "HEAD") return;
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({
      status: hostile.status,
      type: expect.stringMatching(/^\/api\/docs#/),
      title: expect.any(String),
    });
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+|SELECT |INSERT |sqlMessage|ER_/);
  });

  test("refuses an over-long event id without an error-level log line or a large one", async () => {
    const requestId = "hostile-long-id-1";
    const response = await call(api, "GET", `/api/events/${"c".repeat(1019)}`, {
      headers: { "X-Request-Id": requestId },
    });
    expect(response.status).toBe(400);
    await waitUntil(async () => api.logs.some((line) => line.requestId === requestId), 5000, "the log line");
    const lines = api.logs.filter((line) => line.requestId === requestId);
    expect(lines.map((line) => line.level)).not.toContain("error");
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(2000);
  });

  test("answers OPTIONS with the path's methods in Allow, not 404", async () => {
    const events = await call(api, "OPTIONS", "/api/events");
    expect(events.status).toBeLessThan(300);
    expect(events.headers.get("allow")?.split(/, ?/).sort()).toEqual(["GET", "HEAD", "POST"]);
    const reservation = await call(api, "OPTIONS", `/api/reservations/${ctx.bobsReservation}`);
    expect(reservation.headers.get("allow")?.split(/, ?/).sort()).toEqual(["DELETE", "GET", "HEAD"]);
  });

  test("reads an event by the upper-case form of its id", async () => {
    const response = await call(api, "GET", `/api/events/${ctx.eventId.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(ctx.eventId);
  });

  test("a flood of health checks asks the database and Redis about once a second", async () => {
    const health = jest.spyOn(api.runtime.deps.engine, "health");
    try {
      const started = Date.now();
      for (let round = 0; round < 10; round++) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => call(api, "GET", "/api/health")));
        expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      }
      const seconds = Math.ceil((Date.now() - started) / 1000);
      expect(health.mock.calls.length).toBeLessThanOrEqual(seconds + 1);
    } finally {
      health.mockRestore();
    }
  });

  test("leaves the database exactly as it was", async () => {
    expect(await databaseFingerprint(api.db!.url)).toBe(before);
  });
});
