import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { startApiApp } from "../support/api-app.ts";

const cli = resolve(__dirname, "../../src/cli.ts");

describe("the flash-sale command", () => {
  test("with --floor, ends with one JSON line that adds the bare route's wall time and the ratio to it", async () => {
    const app = await startApiApp("embedded", { DATABASE_URL: "", REDIS_URL: "", JWT_SECRET: "" });
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, "flash-sale", "--users", "300", "--seats", "40", "--url", app.url, "--floor"],
        // Empty, as for the app: both then use the development secret.
        { env: { ...process.env, JWT_SECRET: "" } },
      );
      const lines = stdout.trim().split("\n");
      expect(lines).toContainEqual(
        expect.stringMatching(/^floor: a bare Express 5 route answered the same 300 requests in \d+ ms/),
      );
      const result = JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
      expect(result).toMatchObject({
        loadtest: "flash-sale",
        invariants_ok: true,
        succeeded: 40,
        sold_out: 260,
        floor_wall_ms: expect.any(Number),
        wall_vs_floor: expect.any(Number),
      });
      expect(result.wall_vs_floor).toBeCloseTo(
        (result.wall_ms as number) / (result.floor_wall_ms as number),
        0,
      );
    } finally {
      await app.stop();
    }
  });
});
