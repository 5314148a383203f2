import { testDatabase, uniquePrefix, waitUntil } from "@ticketing/testing";
import { signToken } from "../src/auth/sign-token.js";
import { call, confirmedIds, inOneYear, servers, TEST_SECRET } from "./support/api.js";
import { buildApp, spawnApp, type Listening } from "./support/built-app.js";
import { load } from "./support/load.js";

describe("graceful shutdown on SIGTERM", () => {
  test("SIGTERM to the built app during load loses no confirmed reservation and exits 0", async () => {
    const build = buildApp("sigterm");
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_sigterm", mysql);
    // Port 0: the app takes a port nobody else holds and names it in its "listening" log line.
    const app = spawnApp(build.main, {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniquePrefix("api-sigterm"),
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: "info",
      RATE_LIMIT_PER_IP: "10000000",
      RATE_LIMIT_PER_USER: "10000000",
    });
    try {
      const [{ port }] = (await app.listening()) as [Listening];
      const url = `http://127.0.0.1:${port}`;
      await waitUntil(
        async () => (await call({ url }, "GET", "/api/health")).status === 200,
        30_000,
        "the app",
      );
      const auth = { secret: TEST_SECRET };
      const admin = await signToken({ userId: "admin", role: "admin" }, auth);
      const event = await call({ url }, "POST", "/api/events", {
        token: admin,
        body: { eventName: "Sigterm", totalSeats: 1_000_000, eventDate: inOneYear() },
      });
      expect(event.status).toBe(201);
      const tokens = await Promise.all(
        Array.from({ length: 50 }, (_, i) => signToken({ userId: `sig-${i}`, role: "user" }, auth)),
      );
      const confirmed = await load(url, event.body.id, tokens, 32, (answered) => {
        if (answered === 150) app.child.kill("SIGTERM");
      });
      // One assertion, so that a failure shows the app's stderr next to its exit code.
      expect({ code: await app.exited, stderr: app.stderr() }).toEqual({ code: 0, stderr: "" });
      expect(confirmed.length).toBeGreaterThanOrEqual(150);
      const durable = await confirmedIds(db.url);
      expect(confirmed.filter((id) => !durable.has(id))).toEqual([]);
    } finally {
      app.child.kill("SIGKILL");
      await db.drop();
      build.remove();
    }
  });
});
