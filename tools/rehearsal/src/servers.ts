import {
  startMysql,
  startRedis,
  type OwnedMysql,
  type OwnedRedis,
  type ServerCertificate,
} from "@ticketing/testing";
import { readFileSync } from "node:fs";
import { createConnection, type Connection, type ConnectionOptions } from "mysql2/promise";

/**
 * A MariaDB of the rehearsal's own that, like the Aurora cluster's parameter group, refuses any TCP connection
 * without TLS (`require_secure_transport=ON`) and presents a certificate of its own CA.
 */
export async function startTlsMysql(certificate: ServerCertificate): Promise<OwnedMysql> {
  return startMysql({
    args: [
      `--ssl-ca=${certificate.caFile}`,
      `--ssl-cert=${certificate.certFile}`,
      `--ssl-key=${certificate.keyFile}`,
      "--require-secure-transport=ON",
    ],
  });
}

/** A root session over the server's Unix socket: the rehearsal's stand-in for the RDS control plane. */
export function rootSession(mysql: OwnedMysql, database?: string): Promise<Connection> {
  return createConnection({
    socketPath: mysql.socketPath,
    user: "root",
    ...(database ? { database } : {}),
    multipleStatements: false,
  });
}

/** A Redis that, like ElastiCache with `transit_encryption_mode = required`, listens on TLS only and needs AUTH. */
export async function startTlsRedis(certificate: ServerCertificate, password: string): Promise<OwnedRedis> {
  return startRedis({
    args: (port) => [
      "--port",
      "0",
      "--tls-port",
      String(port),
      "--tls-cert-file",
      certificate.certFile,
      "--tls-key-file",
      certificate.keyFile,
      "--tls-ca-cert-file",
      certificate.caFile,
      "--tls-auth-clients",
      "no",
      "--requirepass",
      password,
      "--maxmemory-policy",
      "noeviction",
    ],
  });
}

/**
 * Why the app may not have reached the database: tries the credentials the instance was given (from DATABASE_URL,
 * or the secret DATABASE_SECRET_ARN names) once over TLS verified against `caFile` and once without TLS.
 */
export async function diagnoseDatabase(
  target: { host: string; port: number; user: string; password: string; database: string },
  caFile: string,
): Promise<string> {
  const attempt = async (ssl: ConnectionOptions["ssl"]) => {
    try {
      const connection = await createConnection({ ...target, ssl, connectTimeout: 5000 });
      await connection.end();
      return "accepted";
    } catch (error) {
      return `refused (${(error as Error).message})`;
    }
  };
  const tls = await attempt({ ca: readFileSync(caFile), rejectUnauthorized: true, verifyIdentity: true });
  const plain = await attempt(undefined);
  return `as ${target.user}: with TLS verified against the RDS CA ${tls}; without TLS ${plain}`;
}
