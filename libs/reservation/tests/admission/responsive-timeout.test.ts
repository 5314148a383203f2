import { connectRedis, type RedisClient } from "../helpers/fixtures.js";
import { responsiveTimeout } from "../../src/admission/responsive-timeout.js";

/** Keeps the event loop busy, as parsing a burst of thousands of requests in one turn does. */
function blockLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

describe("responsiveTimeout", () => {
  let redis: RedisClient;

  beforeAll(async () => {
    redis = await connectRedis();
  });
  afterAll(() => {
    redis.destroy();
  });

  test("does not blame the server for a reply that arrived while this process was busy", async () => {
    const reply = responsiveTimeout(redis.ping(), 1_000, () => new Error("timed out"));
    blockLoop(2_500);
    await expect(reply).resolves.toBe("PONG");
  });

  test("does not blame the server for a reply read after a stall that follows an idle spell", async () => {
    await responsiveTimeout(redis.ping(), 500, () => new Error("timed out"));
    // Nothing pending for a while: the stall ticker stops, and that quiet time is not a stall.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const reply = responsiveTimeout(redis.ping(), 500, () => new Error("timed out"));
    blockLoop(1_200);
    await expect(reply).resolves.toBe("PONG");
  });

  test("times out work that never settles while the process is responsive", async () => {
    const never = new Promise<string>(() => {});
    await expect(responsiveTimeout(never, 50, () => new Error("timed out"))).rejects.toThrow("timed out");
  });

  test("still times out after maxStretch times the timeout when the process never stops being busy", async () => {
    const never = new Promise<string>(() => {});
    const result = responsiveTimeout(never, 20, () => new Error("timed out"), 3);
    blockLoop(100);
    await expect(result).rejects.toThrow("timed out");
  });

  test("passes on the work's own error", async () => {
    await expect(
      responsiveTimeout(Promise.reject(new Error("NOSCRIPT")), 50, () => new Error("timed out")),
    ).rejects.toThrow("NOSCRIPT");
  });
});
