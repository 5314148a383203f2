import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  issueServerCertificate,
  startMysql,
  type OwnedMysql,
  type ServerCertificate,
} from "@ticketing/testing";
import { createConnection, type Connection } from "mysql2/promise";
import type { DatabaseCredentials } from "../../src/store/connection-options.js";
import { openDatabase } from "../../src/store/open-database.js";

// A MariaDB of this file's own that, like Aurora with require_secure_transport=ON, refuses TCP logins without TLS.
let dir: string;
let certificate: ServerCertificate;
let otherCa: ServerCertificate;
let mysql: OwnedMysql;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reservation-tls-"));
  certificate = await issueServerCertificate(join(dir, "server"), "Test RDS CA", "localhost");
  otherCa = await issueServerCertificate(join(dir, "other"), "Some other CA", "localhost");
  mysql = await startMysql({
    args: [
      `--ssl-ca=${certificate.caFile}`,
      `--ssl-cert=${certificate.certFile}`,
      `--ssl-key=${certificate.keyFile}`,
      "--require-secure-transport=ON",
    ],
  });
});

afterAll(async () => {
  await mysql?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let database = 0;

/** A database and a user of its own with `password`, created as root over the socket. */
async function account(password: string): Promise<{ url: string; user: string; name: string }> {
  database += 1;
  const name = `tls_${process.pid}_${database}`;
  const user = `app_${process.pid}_${database}`;
  const root = await rootSession();
  try {
    await root.query("CREATE DATABASE ??", [name]);
    await root.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, password]);
    await root.query("GRANT ALL PRIVILEGES ON ??.* TO ?@'%'", [name, user]);
  } finally {
    await root.end();
  }
  return { url: `mysql://localhost:${mysql.port}/${name}`, user, name };
}

function rootSession(): Promise<Connection> {
  return createConnection({ socketPath: mysql.socketPath, user: "root" });
}

async function closeSessionsOf(user: string): Promise<number> {
  const root = await rootSession();
  try {
    const [rows] = await root.query("SELECT id FROM information_schema.processlist WHERE user = ?", [user]);
    for (const { id } of rows as { id: number }[]) await root.query(`KILL CONNECTION ${Number(id)}`);
    return (rows as unknown[]).length;
  } finally {
    await root.end();
  }
}

/** A credentials provider over a value the test changes, counting its calls. */
function provider(initial: DatabaseCredentials) {
  const state = { current: initial, calls: 0 };
  return {
    state,
    credentials: async () => {
      state.calls += 1;
      return state.current;
    },
  };
}

const withUser = (url: string, user: string, password: string) => {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
};

describe("DatabaseConfig.tls", () => {
  test("connects over TLS and verifies the server's certificate against the given CA", async () => {
    const { url, user } = await account("first-password");
    const db = await openDatabase({
      type: "mysql",
      url: withUser(url, user, "first-password"),
      poolSize: 2,
      tls: { ca: readFileSync(certificate.caFile) },
    });
    try {
      const [status] = await db.write((sql) =>
        sql.rows<{ Value: string }>("SHOW SESSION STATUS LIKE 'Ssl_cipher'"),
      );
      expect(status?.Value).not.toBe("");
      expect(await db.ping()).toBe(true);
    } finally {
      await db.close();
    }
  });

  test("refuses a server whose certificate chains to another CA", async () => {
    const { url, user } = await account("first-password");
    await expect(
      openDatabase({
        type: "mysql",
        url: withUser(url, user, "first-password"),
        tls: { ca: readFileSync(otherCa.caFile) },
      }),
    ).rejects.toMatchObject({ code: "HANDSHAKE_SSL_ERROR", message: expect.stringMatching(/self-signed/) });
  });

  test("refuses a certificate issued for another host name", async () => {
    const other = await issueServerCertificate(join(dir, "elsewhere"), "Test RDS CA 2", "db.elsewhere.test");
    const elsewhere = await startMysql({
      args: [
        `--ssl-ca=${other.caFile}`,
        `--ssl-cert=${other.certFile}`,
        `--ssl-key=${other.keyFile}`,
        "--require-secure-transport=ON",
      ],
    });
    try {
      await expect(
        openDatabase({
          type: "mysql",
          url: `mysql://root@localhost:${elsewhere.port}/mysql`,
          tls: { ca: readFileSync(other.caFile) },
        }),
      ).rejects.toMatchObject({ code: "HANDSHAKE_SSL_ERROR", message: expect.stringMatching(/altnames/) });
    } finally {
      await elsewhere.stop();
    }
  });

  test("without it the login is refused, even with ?ssl= in the URL (TypeORM drops the query string)", async () => {
    const { url, user } = await account("first-password");
    await expect(
      openDatabase({ type: "mysql", url: `${withUser(url, user, "first-password")}?ssl=Amazon%20RDS` }),
    ).rejects.toThrow();
  });
});

describe("DatabaseConfig.credentials", () => {
  test("logs in with what the provider returns instead of the URL's user and password", async () => {
    const { url, user } = await account("from-the-provider");
    const source = provider({ user, password: "from-the-provider" });
    const db = await openDatabase({
      type: "mysql",
      url: withUser(url, "nobody", "wrong"),
      poolSize: 2,
      tls: { ca: readFileSync(certificate.caFile) },
      credentials: source.credentials,
    });
    try {
      expect(await db.ping()).toBe(true);
      expect(source.state.calls).toBeGreaterThanOrEqual(1);
    } finally {
      await db.close();
    }
  });

  test("asks the provider again when a rotated password is refused, and serves on new connections without reopening", async () => {
    const { url, user } = await account("before-rotation");
    const source = provider({ user, password: "before-rotation" });
    const db = await openDatabase({
      type: "mysql",
      url,
      poolSize: 2,
      tls: { ca: readFileSync(certificate.caFile) },
      credentials: source.credentials,
    });
    try {
      expect(await db.ping()).toBe(true);
      const callsBefore = source.state.calls;
      const root = await rootSession();
      try {
        await root.query("ALTER USER ?@'%' IDENTIFIED BY ?", [user, "after-rotation"]);
      } finally {
        await root.end();
      }
      source.state.current = { user, password: "after-rotation" };
      expect(await closeSessionsOf(user)).toBeGreaterThan(0);
      // A pooled connection that was closed under it may fail once; a new one must log in with the new password.
      let pings = 0;
      while (!(await db.ping()) && pings < 20) pings += 1;
      expect(await db.ping()).toBe(true);
      expect(await db.transactionInOneTrip([{ sql: "SELECT 1", params: [] }])).toHaveLength(1);
      expect(source.state.calls).toBeGreaterThan(callsBefore);
      const root2 = await rootSession();
      try {
        const [sessions] = await root2.query(
          "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?",
          [user],
        );
        expect(Number((sessions as { n: number }[])[0]?.n)).toBeGreaterThan(0);
      } finally {
        await root2.end();
      }
    } finally {
      await db.close();
    }
  });

  test("keeps failing with the server's refusal while the provider returns the refused password", async () => {
    const { url, user } = await account("stale");
    const source = provider({ user, password: "stale" });
    const db = await openDatabase({
      type: "mysql",
      url,
      poolSize: 1,
      tls: { ca: readFileSync(certificate.caFile) },
      credentials: source.credentials,
    });
    try {
      const root = await rootSession();
      try {
        await root.query("ALTER USER ?@'%' IDENTIFIED BY ?", [user, "rotated-elsewhere"]);
      } finally {
        await root.end();
      }
      await closeSessionsOf(user);
      await db.ping();
      await expect(db.write((sql) => sql.rows("SELECT 1 AS ok"))).rejects.toMatchObject({
        code: "ER_ACCESS_DENIED_ERROR",
      });
    } finally {
      await db.close();
    }
  });
});
