import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary, ServerStartError, startRedis } from "../src/index.js";
import { listensOn } from "../src/ports.js";
import { redisArgs } from "../src/redis.js";
import { ServerProcess, startOnFreePort } from "../src/server-process.js";

const redisServerBinary = findBinary(["redis-server"]);

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : 0 });
    });
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

function redisOn(port: number, dir: string): ServerProcess {
  return new ServerProcess(redisServerBinary!, redisArgs(port, dir), port, dir);
}

/** A redis-server that exits at start-up for a reason other than its port. */
function badRedisOn(port: number, dir: string): ServerProcess {
  return new ServerProcess(redisServerBinary!, ["--port", String(port), "--no-such-option", "x"], port, dir);
}

describe("listensOn", () => {
  test("tells the process that listens on a port from one that does not", async () => {
    const { server, port } = await listen();
    const redis = await startRedis();
    try {
      expect(listensOn(process.pid, port)).toBe(true);
      expect(listensOn(redis.pid!, redis.port)).toBe(true);
      expect(listensOn(redis.pid!, port)).toBe(false);
      expect(listensOn(process.pid, redis.port)).toBe(false);
    } finally {
      await close(server);
      await redis.stop();
    }
  });
});

describe("ServerProcess", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "server-process-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("fails to start when another process took its port, instead of passing for that listener", async () => {
    const taken = await listen();
    try {
      const start = redisOn(taken.port, dir).start();
      await expect(start).rejects.toBeInstanceOf(ServerStartError);
      await expect(start).rejects.toMatchObject({ log: expect.stringMatching(/already in use/i) });
    } finally {
      await close(taken.server);
    }
  });

  test("startOnFreePort moves to another port when the first one was taken before the server bound it", async () => {
    const taken = await listen();
    const ports: number[] = [];
    try {
      const server = await startOnFreePort((port) => {
        // The first attempt is handed the taken port, as if another process had bound it after freePort().
        const chosen = ports.length === 0 ? taken.port : port;
        ports.push(chosen);
        return redisOn(chosen, dir);
      });
      try {
        expect(ports).toHaveLength(2);
        expect(server.port).toBe(ports[1]);
        expect(server.port).not.toBe(taken.port);
        expect(listensOn(server.pid!, server.port)).toBe(true);
      } finally {
        await server.kill();
      }
    } finally {
      await close(taken.server);
    }
  });

  test("startOnFreePort does not retry a failure that is not a taken port", async () => {
    let attempts = 0;
    const start = startOnFreePort((port) => {
      attempts++;
      return badRedisOn(port, dir);
    });
    await expect(start).rejects.toBeInstanceOf(ServerStartError);
    expect(attempts).toBe(1);
  });

  test("startOnFreePort does not retry a later failure because an earlier attempt's log said the port was taken", async () => {
    const taken = await listen();
    let attempts = 0;
    try {
      const start = startOnFreePort((port) => {
        attempts++;
        // Both attempts share one directory, so one log file: the second fails for another reason.
        if (attempts === 1) return redisOn(taken.port, dir);
        return badRedisOn(port, dir);
      });
      await expect(start).rejects.toBeInstanceOf(ServerStartError);
      await expect(start).rejects.toMatchObject({ log: expect.not.stringMatching(/already in use/i) });
      expect(attempts).toBe(2);
    } finally {
      await close(taken.server);
    }
  });
});
