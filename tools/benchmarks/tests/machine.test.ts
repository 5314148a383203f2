import { freePort, mysqlServer, redisServer } from "@ticketing/testing";
import { machineInfo } from "../src/machine.ts";

describe("machineInfo", () => {
  test("asks the Redis and MariaDB servers for their versions", async () => {
    const [redis, mysql] = await Promise.all([redisServer(), mysqlServer()]);
    const info = await machineInfo({ redisUrl: redis.url, mysqlUrl: mysql.url });
    expect(info.redis).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.mariadb).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.cores).toBeGreaterThan(0);
    expect(info.node).toBe(process.version);
  });

  test("says a server is unreachable instead of failing the report", async () => {
    const port = await freePort();
    const info = await machineInfo({
      redisUrl: `redis://127.0.0.1:${port}`,
      mysqlUrl: `mysql://root@127.0.0.1:${port}`,
    });
    expect(info.redis).toMatch(/^unreachable/);
    expect(info.mariadb).toMatch(/^unreachable/);
  });
});
