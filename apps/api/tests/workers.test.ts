import { startTcpProxy, testDatabase, uniquePrefix, waitUntil } from "@ticketing/testing";
import { call, servers, TEST_SECRET } from "./support/api.js";
import { buildApp, realStackEnv, spawnApp, type Listening, type SpawnedApp } from "./support/built-app.js";
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

  test("once the app serves, a worker that cannot start for a database outage is retried until it can", async () => {
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_workers_outage", mysql);
    const url = new URL(db.url);
    const proxy = await startTcpProxy({ port: Number(url.port) });
    url.port = String(proxy.port);
    const app = spawnApp(build.main, {
      WORKERS: "2",
      ...realStackEnv(url.toString(), redis.url, uniquePrefix("api-workers-outage")),
    });
    try {
      const [victim, survivor] = (await app.listening(2)) as [Listening, Listening];
      proxy.partition("refuse");
      process.kill(victim.pid, "SIGKILL");
      // The killed worker, then at least two replacements that could not reach the database.
      await waitUntil(async () => exits(app) >= 3, 60_000, "replacements failing to start");
      expect(app.child.exitCode).toBeNull();
      const live = await call({ url: `http://127.0.0.1:${survivor.port}` }, "GET", "/api/health/live");
      expect(live.status).toBe(200);

      proxy.heal();
      const [, , replacement] = await app.listening(3);
      expect([victim.pid, survivor.pid]).not.toContain(replacement!.pid);
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
    } finally {
      app.child.kill("SIGKILL");
      await proxy.close();
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

const exits = (app: SpawnedApp) => app.logs().filter((entry) => entry.msg === "worker exited").length;
