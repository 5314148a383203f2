import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import {
  mysqlServer,
  probeContainerRuntime,
  ServerUnavailableError,
  startMysql,
  testDatabase,
} from "../src/index.js";

async function selectOne(url: string): Promise<number> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query("SELECT 1 AS one");
    return (rows as { one: number }[])[0]!.one;
  } finally {
    await connection.end();
  }
}

describe("mysqlServer", () => {
  it("uses MYSQL_URL when it is set, without its database part", async () => {
    const server = await mysqlServer({
      env: { MYSQL_URL: "mysql://root@127.0.0.1:3306/test" },
      sources: ["env"],
    });
    expect(server).toMatchObject({ source: "env", url: "mysql://root@127.0.0.1:3306" });
  });

  it("starts a container when a runtime answers, and says why not when none does", async () => {
    const probe = await probeContainerRuntime();
    const attempt = mysqlServer({ env: {}, sources: ["container"] });
    if (probe.available) {
      const server = await attempt;
      expect(await selectOne(server.url)).toBe(1);
      await server.stop();
    } else {
      await expect(attempt).rejects.toThrow(/no container runtime/);
    }
  });

  it("fails with what to install when no source can give a server", async () => {
    const emptyPath = mkdtempSync(join(tmpdir(), "empty-path-"));
    const attempt = mysqlServer({ env: { PATH: emptyPath }, sources: ["env", "binary"] });
    await expect(attempt).rejects.toBeInstanceOf(ServerUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install mariadb-server/);
  });
});

describe("startMysql", () => {
  it("spawns a throwaway server that keeps committed rows across a kill -9 and restart", async () => {
    const server = await mysqlServer({ env: { PATH: process.env.PATH }, sources: ["binary"] });
    expect(server.source).toBe("binary");
    await server.stop();

    const mysql = await startMysql();
    try {
      const db = await testDatabase("restart", mysql);
      const connection = await createConnection(db.url);
      await connection.query("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
      await connection.query("INSERT INTO t VALUES (1), (2)");
      await connection.end();
      await mysql.kill("SIGKILL");
      await expect(selectOne(mysql.url)).rejects.toThrow();
      await mysql.start();
      const again = await createConnection(db.url);
      const [rows] = await again.query("SELECT COUNT(*) AS n FROM t");
      await again.end();
      expect((rows as { n: number }[])[0]!.n).toBe(2);
    } finally {
      await mysql.stop();
    }
  });
});

describe("testDatabase", () => {
  it("gives each caller a database of its own and drops it", async () => {
    const [a, b] = await Promise.all([testDatabase("iso"), testDatabase("iso")]);
    expect(a.name).not.toBe(b.name);
    const connection = await createConnection(a.url);
    await connection.query("CREATE TABLE only_in_a (id INT)");
    await connection.end();
    const other = await createConnection(b.url);
    await expect(other.query("SELECT * FROM only_in_a")).rejects.toThrow(/doesn't exist/);
    await other.end();
    await Promise.all([a.drop(), b.drop()]);
    await expect(createConnection(a.url).then((c) => c.end())).rejects.toThrow(/Unknown database/);
  });
});
