import { testDatabase, uniquePrefix } from "@ticketing/testing";
import { servers } from "./support/api.js";
import { buildApp, realStackEnv, spawnApp, type Listening } from "./support/built-app.js";
import { sigtermDuringReservations } from "./support/load.js";

describe("graceful shutdown on SIGTERM", () => {
  test("SIGTERM to the built app during load loses no confirmed reservation and exits 0", async () => {
    const build = buildApp("sigterm");
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_sigterm", mysql);
    // Port 0: the app takes a port nobody else holds and names it in its "listening" log line.
    const app = spawnApp(build.main, realStackEnv(db.url, redis.url, uniquePrefix("api-sigterm")));
    try {
      const [{ port }] = (await app.listening()) as [Listening];
      const url = `http://127.0.0.1:${port}`;
      const { confirmed, lost, exit } = await sigtermDuringReservations(url, db.url, app);
      // One assertion, so that a failure shows the app's stderr next to its exit code.
      expect(exit).toEqual({ code: 0, stderr: "" });
      expect(confirmed).toBeGreaterThanOrEqual(150);
      expect(lost).toEqual([]);
    } finally {
      app.child.kill("SIGKILL");
      await db.drop();
      build.remove();
    }
  });
});
