import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { testDatabase, uniquePrefix, waitUntil } from "@ticketing/testing";
import { signToken } from "../src/auth/sign-token.js";
import { call, confirmedIds, inOneYear, servers, TEST_SECRET } from "./support/api.js";
import { load } from "./support/load.js";

describe("graceful shutdown on SIGTERM", () => {
  test("SIGTERM to the built app during load loses no confirmed reservation and exits 0", async () => {
    const root = join(__dirname, "..");
    // A build of its own: rebuilding the shared dist/ (tsup empties it first) would pull the app from under whatever
    // runs it meanwhile, such as tools/loadtest's tests, which Nx may run alongside this project's. Inside the
    // project so that the build resolves its packages as dist/ does.
    mkdirSync(join(root, ".jest"), { recursive: true });
    const build = mkdtempSync(join(root, ".jest", "sigterm-build-"));
    execFileSync(
      process.execPath,
      [join(root, "../../node_modules/tsup/dist/cli-default.js"), "--out-dir", build],
      { cwd: root, stdio: "ignore" },
    );
    const { mysql, redis } = await servers();
    const db = await testDatabase("api_sigterm", mysql);
    // Port 0: the app takes a port nobody else holds and names it in its "listening" log line.
    const child = spawn(process.execPath, [join(build, "main.js")], {
      env: {
        PATH: process.env.PATH,
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: uniquePrefix("api-sigterm"),
        JWT_SECRET: TEST_SECRET,
        LOG_LEVEL: "info",
        RATE_LIMIT_PER_IP: "10000000",
        RATE_LIMIT_PER_USER: "10000000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const listening = new Promise<number>((resolve) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
          if (typeof entry.port === "number" && String(entry.msg).startsWith("listening"))
            resolve(entry.port);
        } catch {
          // not a log line
        }
      });
    });
    try {
      const port = await Promise.race([
        listening,
        exited.then((code) => Promise.reject(new Error(`the app exited with ${code}: ${stderr}`))),
      ]);
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
      rmSync(build, { recursive: true, force: true });
    }
  });
});
