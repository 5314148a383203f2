import { testDatabase, uniquePrefix } from "@ticketing/testing";
import { servers, TEST_SECRET } from "./support/api.js";
import { buildApp, realStackEnv, spawnApp } from "./support/built-app.js";
import { sigtermDuringReservations } from "./support/load.js";

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
      ...realStackEnv(db.url, redis.url, uniquePrefix("api-workers")),
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
      const { confirmed, lost, exit } = await sigtermDuringReservations(url, db.url, app);
      // One assertion, so that a failure shows the app's stderr next to its exit code.
      expect(exit).toEqual({ code: 0, stderr: "" });
      expect(confirmed).toBeGreaterThanOrEqual(150);
      expect(lost).toEqual([]);
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
