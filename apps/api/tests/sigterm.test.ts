import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { testDatabase, uniquePrefix, waitUntil } from "@ticketing/testing";
import { signToken } from "../src/auth/sign-token.js";
import { call, confirmedIds, inOneYear, servers, TEST_SECRET } from "./support/api.js";
import { load } from "./support/load.js";

describe("graceful shutdown on SIGTERM", () => {
  test("SIGTERM to the built app during load loses no confirmed reservation and exits 0", async () => {
    const root = join(__dirname, "..");
    execFileSync(process.execPath, [join(root, "../../node_modules/tsup/dist/cli-default.js")], {
      cwd: root,
      stdio: "ignore",
    });
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_sigterm", mysql);
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [join(root, "dist/main.js")], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: uniquePrefix("api-sigterm"),
        JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: "warn",
        RATE_LIMIT_PER_IP: "10000000",
        RATE_LIMIT_PER_USER: "10000000",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
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
        if (answered === 150) child.kill("SIGTERM");
      });
      // One assertion, so that a failure shows the app's stderr next to its exit code.
      expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: "" });
      expect(confirmed.length).toBeGreaterThanOrEqual(150);
      const durable = await confirmedIds(db.url);
      expect(confirmed.filter((id) => !durable.has(id))).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      await db.drop();
    }
  });
});
