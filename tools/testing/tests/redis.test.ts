import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createCluster } from "@redis/client";
import {
  isListening,
  probeContainerRuntime,
  redisServer,
  ServerUnavailableError,
  startRedis,
  startRedisCluster,
  uniquePrefix,
  waitUntil,
} from "../src/index.js";

async function roundTrip(url: string): Promise<string | null> {
  const client = createClient({ url });
  await client.connect();
  try {
    const key = uniquePrefix("harness") + "k";
    await client.set(key, "v", { expiration: { type: "PX", value: 10_000 } });
    return await client.get(key);
  } finally {
    client.destroy();
  }
}

describe("redisServer", () => {
  it("uses REDIS_URL when it is set", async () => {
    const owned = await startRedis();
    try {
      const server = await redisServer({ env: { REDIS_URL: owned.url } });
      expect(server).toMatchObject({ source: "env", url: owned.url });
      expect(await roundTrip(server.url)).toBe("v");
    } finally {
      await owned.stop();
    }
  });

  it("starts a container when a runtime answers, and says why not when none does", async () => {
    const probe = await probeContainerRuntime();
    const attempt = redisServer({ env: {}, sources: ["container"] });
    if (probe.available) {
      const server = await attempt;
      expect(server.source).toBe("container");
      expect(await roundTrip(server.url)).toBe("v");
      await server.stop();
    } else {
      await expect(attempt).rejects.toThrow(/no container runtime/);
    }
  });

  it("spawns a throwaway redis-server from PATH when nothing else is configured", async () => {
    const server = await redisServer({ env: { PATH: process.env.PATH }, sources: ["env", "binary"] });
    try {
      expect(server.source).toBe("binary");
      expect(await roundTrip(server.url)).toBe("v");
    } finally {
      await server.stop();
    }
  });

  it("fails with what to install when no source can give a server", async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), "empty-path-"));
    const attempt = redisServer({ env: { PATH: emptyPath }, sources: ["env", "binary"] });
    await expect(attempt).rejects.toBeInstanceOf(ServerUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      code: "E_TEST_SERVER_UNAVAILABLE",
      message: expect.stringContaining("apt-get install redis-server"),
    });
  });
});

describe("startRedis", () => {
  it("keeps acknowledged writes across a kill -9 and restart when persistence is on", async () => {
    const redis = await startRedis({ persistence: "aof" });
    const client = createClient({ url: redis.url, socket: { reconnectStrategy: 50 } });
    client.on("error", () => {});
    await client.connect();
    try {
      await client.set("survives", "yes");
      const pidBefore = redis.pid;
      await redis.kill("SIGKILL");
      // Down for sure: nothing listens any more and the client saw its connection go (a command sent now would
      // only wait in the offline queue until the client's own command timeout).
      expect(await isListening(redis.port)).toBe(false);
      await waitUntil(async () => !client.isReady, 10_000, "the client to notice the kill");
      await redis.start();
      expect(redis.pid).not.toBe(pidBefore);
      await waitUntil(async () => client.isReady, 30_000, "the client to reconnect");
      expect(await client.get("survives")).toBe("yes");
    } finally {
      client.destroy();
      await redis.stop();
    }
  });
});

describe("startRedisCluster", () => {
  it("starts three primaries that serve keys of every slot", async () => {
    const cluster = await startRedisCluster();
    const client = createCluster({ rootNodes: [...cluster.rootNodes] });
    await client.connect();
    try {
      expect(cluster.nodes).toHaveLength(3);
      const keys = Array.from({ length: 30 }, (_, i) => `key:${i}`);
      await Promise.all(keys.map((key) => client.set(key, key)));
      expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys);
      const masters = client.masters.map((master) => master.port).sort();
      expect(masters).toEqual(cluster.nodes.map((node) => node.port).sort());
    } finally {
      client.destroy();
      await cluster.stop();
    }
  });
});
