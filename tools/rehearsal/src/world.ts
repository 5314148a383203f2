import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  issueServerCertificate,
  type OwnedMysql,
  type OwnedRedis,
  type ServerCertificate,
} from "@ticketing/testing";
import { RehearsalError } from "./errors.ts";
import { readState, startAwsEndpoint, writeState, type AwsState, type StoredSecret } from "./fake-aws.ts";
import { rootSession, startTlsMysql, startTlsRedis } from "./servers.ts";
import {
  databaseCluster,
  localExecs,
  localResolver,
  randomPassword,
  redisAuthToken,
  secretValues,
  secrets,
  ssmParameters,
  type LocalWorld,
  type StackJson,
} from "./stack.ts";
import type { ReferenceResolver } from "./terraform-expression.ts";

const HOST = "localhost";

/** Everything one prod instance depends on, brought up on this machine from the synthesized stack. */
export interface World {
  readonly dir: string;
  readonly stack: StackJson;
  readonly resolve: ReferenceResolver;
  readonly mysql: OwnedMysql;
  readonly redis: OwnedRedis;
  /** The CA that issued the database's certificate: what the RDS CA bundle is in AWS. */
  readonly databaseCertificate: ServerCertificate;
  /** The CA that issued Redis's certificate: a public root in AWS, in the image's trust store. */
  readonly publicCertificate: ServerCertificate;
  readonly database: {
    readonly name: string;
    readonly masterUsername: string;
    readonly masterSecretArn: string;
  };
  /** Folder of the fake AWS state, shared by the `aws` stub and the SDK endpoint. */
  readonly awsDir: string;
  /** Folder with the `aws` stub, put first on PATH. */
  readonly binDir: string;
  readonly awsEndpoint: string;
  /** Lines describing what the rehearsal stands in for AWS with. */
  readonly notes: string[];
  secret(arn: string): StoredSecret;
  updateSecret(arn: string, value: string): void;
  close(): Promise<void>;
}

/**
 * Starts the local world of the stack: a TLS-only MariaDB with the master user RDS would create, a TLS-only Redis
 * with the replication group's AUTH token, the stack's SSM parameters and secrets in the fake AWS state, and the
 * `aws` stub. Then runs the stack's apply-time `local-exec` scripts against it, as `terraform apply` would.
 */
export async function startWorld(
  stack: StackJson,
  options: { node: string; workspaceRoot: string },
): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "rehearsal-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
  ];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  };
  try {
    const databaseCertificate = await issueServerCertificate(join(dir, "rds-ca"), "Rehearsal RDS CA", HOST);
    const publicCertificate = await issueServerCertificate(
      join(dir, "public-ca"),
      "Rehearsal public root CA",
      HOST,
    );
    // Ports are known only once the servers listen; the ephemeral values (the AUTH token) are needed before.
    const ports = { databasePort: 0, redisPort: 0 };
    const world: LocalWorld = {
      region: "ap-northeast-2",
      accountId: "000000000000",
      host: HOST,
      get databasePort() {
        return ports.databasePort;
      },
      get redisPort() {
        return ports.redisPort;
      },
    };
    const resolve = localResolver(stack, world);
    const redis = await startTlsRedis(publicCertificate, redisAuthToken(stack, resolve));
    cleanups.push(() => redis.stop());
    const mysql = await startTlsMysql(databaseCertificate);
    cleanups.push(() => mysql.stop());
    ports.databasePort = mysql.port;
    ports.redisPort = redis.port;

    const cluster = databaseCluster(stack, resolve);
    const masterPassword = randomPassword(32);
    const root = await rootSession(mysql);
    try {
      // A fresh data folder has anonymous users, which would match before any 'user'@'%'; RDS has none.
      const [anonymous] = await root.query("SELECT Host FROM mysql.user WHERE User = ''");
      for (const { Host } of anonymous as { Host: string }[]) await root.query("DROP USER ''@?", [Host]);
      // What RDS does when it creates the cluster: the master user and the initial database.
      await root.query("CREATE DATABASE ??", [cluster.databaseName]);
      await root.query("CREATE USER ?@'%' IDENTIFIED BY ?", [cluster.masterUsername, masterPassword]);
      await root.query("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [cluster.masterUsername]);
    } finally {
      await root.end();
    }

    const awsDir = join(dir, "aws");
    const values = secretValues(stack, resolve);
    const stored: StoredSecret[] = secrets(stack, resolve).map(({ arn, name }) => ({
      arn,
      name,
      value: values.get(arn) ?? "",
      versionId: "v1",
    }));
    stored.push({
      arn: cluster.masterSecretArn,
      name: cluster.masterSecretArn.split(":").pop() as string,
      value: JSON.stringify({ username: cluster.masterUsername, password: masterPassword }),
      versionId: "v1",
    });
    const state: AwsState = {
      parameters: ssmParameters(stack, resolve),
      secrets: stored,
      masterSecretArn: cluster.masterSecretArn,
      mysqlSocket: mysql.socketPath,
    };
    writeState(awsDir, state);
    const binDir = join(dir, "bin");
    mkdirSync(binDir);
    writeFileSync(
      join(binDir, "aws"),
      `#!/bin/sh\nREHEARSAL_AWS_STATE='${awsDir}' exec '${options.node}' '${join(options.workspaceRoot, "tools/rehearsal/src/aws-cli.ts")}' "$@"\n`,
      { mode: 0o755 },
    );
    const endpoint = await startAwsEndpoint(awsDir);
    cleanups.push(() => endpoint.close());

    const notes = [
      `database: MariaDB on ${HOST}:${mysql.port}, TLS with a certificate of "Rehearsal RDS CA", require_secure_transport=ON, master user ${cluster.masterUsername} created as RDS would`,
      `redis: on ${HOST}:${redis.port}, TLS only (--port 0), AUTH with the replication group's token, certificate of "Rehearsal public root CA"`,
      `aws: a stub \`aws\` first on PATH and a local endpoint (AWS_ENDPOINT_URL) answer SSM, Secrets Manager and RDS Data API from ${stored.length} secrets and ${state.parameters.length} parameters of the stack`,
    ];
    for (const exec of localExecs(stack, resolve)) {
      const [shell = "/bin/sh", ...flags] = exec.interpreter;
      const result = spawnSync(shell, [...flags, exec.command], {
        env: { PATH: `${binDir}:${process.env["PATH"] ?? ""}`, HOME: dir, ...exec.environment },
        encoding: "utf8",
      });
      if (result.status !== 0)
        throw new RehearsalError(
          "E_BOOT_SCRIPT",
          `the apply-time script of ${exec.resource} exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`,
        );
      notes.push(`apply: ran the local-exec of ${exec.resource} with the stub`);
    }

    return {
      dir,
      stack,
      resolve,
      mysql,
      redis,
      databaseCertificate,
      publicCertificate,
      database: {
        name: cluster.databaseName,
        masterUsername: cluster.masterUsername,
        masterSecretArn: cluster.masterSecretArn,
      },
      awsDir,
      binDir,
      awsEndpoint: endpoint.url,
      notes,
      secret(arn) {
        const secret = readState(awsDir).secrets.find((s) => s.arn === arn);
        if (!secret) throw new RehearsalError("E_STACK_SHAPE", `no secret ${arn}`);
        return secret;
      },
      updateSecret(arn, value) {
        const current = readState(awsDir);
        writeState(awsDir, {
          ...current,
          secrets: current.secrets.map((s) =>
            s.arn === arn ? { ...s, value, versionId: `v${Number(s.versionId.slice(1)) + 1}` } : s,
          ),
        });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export function assertExists(file: string, what: string): void {
  if (!existsSync(file)) throw new RehearsalError("E_BOOT_SCRIPT", `${what} ${file} does not exist`);
}
