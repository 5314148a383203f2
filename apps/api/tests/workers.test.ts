import { testDatabase, uniquePrefix, waitUntil } from "@ticketing/testing";
import { signToken } from "../src/auth/sign-token.js";
import { call, confirmedIds, inOneYear, servers, TEST_SECRET } from "./support/api.js";
import { buildApp, spawnApp } from "./support/built-app.js";
import { load } from "./support/load.js";

describe("WORKERS=2", () => {
  let build: ReturnType<typeof buildApp>;
  beforeAll(() => {
    build = buildApp("workers");
  });
  afterAll(() => build.remove());

  test("two processes serve one port, a killed one is replaced, and SIGTERM drains both with no loss", async () => {
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_workers", mysql);
    const app = spawnApp(build.main, {
      WORKERS: "2",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix("api-workers"),
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: "info",
      RATE_LIMIT_PER_IP: "10000000",
      RATE_LIMIT_PER_USER: "10000000",
    });
    try {
      const first = await app.listening(2);
      expect(new Set(first.map((l) => l.port)).size).toBe(1);
      expect(new Set(first.map((l) => l.pid)).size).toBe(2);
      const url = `http://127.0.0.1:${first[0]!.port}`;

      process.kill(first[0]!.pid, "SIGKILL");
      const [, , replacement] = await app.listening(3);
      expect(first.map((l) => l.pid)).not.toContain(replacement!.pid);
      expect(replacement!.port).toBe(first[0]!.port);
      await waitUntil(
        async () => (await call({ url }, "GET", "/api/health")).status === 200,
        30_000,
        "the app",
      );

      const auth = { secret: TEST_SECRET };
      const admin = await signToken({ userId: "admin", role: "admin" }, auth);
      const event = await call({ url }, "POST", "/api/events", {
        token: admin,
        body: { eventName: "Workers", totalSeats: 1_000_000, eventDate: inOneYear() },
      });
      expect(event.status).toBe(201);
      const tokens = await Promise.all(
        Array.from({ length: 50 }, (_, i) => signToken({ userId: `wk-${i}`, role: "user" }, auth)),
      );
      const confirmed = await load(url, event.body.id, tokens, 32, (answered) => {
        if (answered === 150) app.child.kill("SIGTERM");
      });
      expect({ code: await app.exited, stderr: app.stderr() }).toEqual({ code: 0, stderr: "" });
      expect(confirmed.length).toBeGreaterThanOrEqual(150);
      const durable = await confirmedIds(db.url);
      expect(confirmed.filter((id) => !durable.has(id))).toEqual([]);
      const alive = [...first, replacement!].filter(({ pid }) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
    } finally {
      app.child.kill("SIGKILL");
      await db.drop();
    }
  });

  test("a worker that cannot start ends the app with exit code 1", async () => {
    const { redis } = await servers();
    const app = spawnApp(build.main, {
      WORKERS: "2",
      PORT: "0",
      HOST: "127.0.0.1",
      // Nothing listens on port 1.
      DATABASE_URL: "mysql://root@127.0.0.1:1/none",
      REDIS_URL: redis.url,
      JWT_SECRET: TEST_SECRET,
    });
    try {
      expect(await app.exited).toBe(1);
      expect(app.logs().map((entry) => entry.msg)).toContain("stopping the workers");
    } finally {
      app.child.kill("SIGKILL");
    }
  });
});
