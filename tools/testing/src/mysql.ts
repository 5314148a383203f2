import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createConnection, type ConnectionOptions } from "mysql2/promise";
import { findBinary } from "./binaries.js";
import { startContainer } from "./containers.js";
import { ServerUnavailableError } from "./errors.js";
import { waitUntil } from "./ports.js";
import { ServerProcess, startOnFreePort, type OwnedServer } from "./server-process.js";
import {
  sharedServer,
  type ServerSourceOptions,
  type ServerSourcing,
  type SourcedServer,
} from "./server-source.js";

const run = promisify(execFile);

/**
 * A MySQL-compatible server the tests may use (its url names no database); each test file takes its own database
 * with `testDatabase()`.
 */
export type MysqlServer = SourcedServer;

/** A MariaDB/MySQL server this test owns. */
export type OwnedMysql = OwnedServer & {
  /** Its Unix socket: root connects there even when the server requires TLS on TCP. */
  readonly socketPath: string;
};

export interface TestDatabase {
  /** mysql://…/<database> */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

const MYSQL_REMEDY =
  "Set MYSQL_URL=mysql://user:password@host:port, or start a container runtime (Docker/Podman), or install mariadb-server (Debian: apt-get install mariadb-server) so that mariadbd and mariadb-install-db are on PATH.";

const mysqlSourcing: ServerSourcing = {
  kind: "mysql",
  fromEnv: (env) => (env.MYSQL_URL ? serverUrl(env.MYSQL_URL) : undefined),
  envMissing: "MYSQL_URL is not set",
  fromContainer: async () => {
    const container = await startContainer("mariadb:11", 3306, { MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: "1" });
    const url = `mysql://root@${container.host}:${container.port}`;
    await waitUntil(() => ping(url), 60_000, "mariadb container");
    return { url, stop: container.stop };
  },
  fromBinary: async (path) =>
    findBinary(["mariadbd", "mysqld"], path) && findBinary(["mariadb-install-db", "mysql_install_db"], path)
      ? startMysql({ path })
      : undefined,
  binaryMissing: "no mariadbd/mysqld with mariadb-install-db on PATH",
  remedy: MYSQL_REMEDY,
};

/**
 * The MySQL-compatible server for this test process: MYSQL_URL when set, else a container when a runtime answers,
 * else a throwaway mariadbd/mysqld spawned from PATH, else a ServerUnavailableError that says what to install.
 */
export const mysqlServer: (options?: ServerSourceOptions) => Promise<MysqlServer> =
  sharedServer(mysqlSourcing);

/**
 * Initialises a data folder and starts mariadbd (or mysqld) on a free loopback port; root has no password. `args`
 * are extra server arguments (e.g. `--ssl-cert=…`, `--require-secure-transport=ON`); readiness is probed over the
 * Unix socket, so a server that refuses plain TCP still starts.
 */
export async function startMysql(
  options: { path?: string; args?: readonly string[] } = {},
): Promise<OwnedMysql> {
  const daemon = findBinary(["mariadbd", "mysqld"], options.path);
  const installDb = findBinary(["mariadb-install-db", "mysql_install_db"], options.path);
  if (!daemon || !installDb) {
    throw new ServerUnavailableError(
      "mysql",
      ["no mariadbd/mysqld with mariadb-install-db on PATH"],
      MYSQL_REMEDY,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "mysql-"));
  const datadir = join(dir, "data");
  const socketPath = join(dir, "mysqld.sock");
  await run(installDb, [
    "--no-defaults",
    `--datadir=${datadir}`,
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
    ...(process.getuid?.() === 0 ? ["--user=root"] : []),
  ]);
  const server = await startOnFreePort((port) => {
    const args = [
      "--no-defaults",
      `--datadir=${datadir}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      `--socket=${socketPath}`,
      `--pid-file=${join(dir, "mysqld.pid")}`,
      "--skip-log-bin",
      "--innodb-buffer-pool-size=128M",
      "--max-connections=500",
      ...(process.getuid?.() === 0 ? ["--user=root"] : []),
      ...(options.args ?? []),
    ];
    return new ServerProcess(daemon, args, port, dir, 60_000);
  });
  const { port } = server;
  const url = `mysql://root@127.0.0.1:${port}`;
  const ready = () => ping({ socketPath, user: "root" });
  await waitUntil(ready, 30_000, "mysql to accept queries");
  return {
    url,
    port,
    dir,
    socketPath,
    get pid() {
      return server.pid;
    },
    kill: (signal) => server.kill(signal),
    start: async () => {
      await server.start();
      await waitUntil(ready, 30_000, "mysql to accept queries");
    },
    restart: async () => {
      await server.restart();
      await waitUntil(ready, 30_000, "mysql to accept queries");
    },
    stop: async () => {
      await server.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database of its own for one test file on the shared server (or `server` when given). */
export async function testDatabase(name: string, server?: { url: string }): Promise<TestDatabase> {
  const base = server?.url ?? (await mysqlServer()).url;
  const database = `t_${name.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 30)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const connection = await createConnection(base);
  try {
    await connection.query(`CREATE DATABASE \`${database}\``);
  } finally {
    await connection.end();
  }
  const url = new URL(base);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    name: database,
    drop: async () => {
      const admin = await createConnection(base);
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

function serverUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "";
  return parsed.toString().replace(/\/$/, "");
}

async function ping(target: string | ConnectionOptions): Promise<boolean> {
  const connection = await (typeof target === "string" ? createConnection(target) : createConnection(target));
  try {
    await connection.query("SELECT 1");
    return true;
  } finally {
    await connection.end();
  }
}
