import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
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

/** A Redis the tests may use: shared by the tests of one process, isolated by key prefix. */
export type RedisServer = SourcedServer;

/** A Redis this test owns. */
export type OwnedRedis = OwnedServer;

export interface RedisCluster {
  readonly nodes: readonly OwnedRedis[];
  /** `rootNodes` for `createCluster` of @redis/client. */
  readonly rootNodes: readonly { url: string }[];
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** "aof" fsyncs every write so that a kill -9 loses nothing; "none" keeps nothing on disk. @default "none" */
  persistence?: "none" | "aof";
  /**
   * Extra `redis-server` arguments, e.g. ["--cluster-enabled", "yes"], or a function of the chosen port (a TLS-only
   * server: `(port) => ["--port", "0", "--tls-port", String(port), …]`).
   */
  args?: readonly string[] | ((port: number) => readonly string[]);
  /** PATH to look for the binary in. @default process.env.PATH */
  path?: string;
}

const REDIS_REMEDY =
  "Set REDIS_URL=redis://host:port, or start a container runtime (Docker/Podman), or install redis-server on PATH (Debian: apt-get install redis-server).";

const redisSourcing: ServerSourcing = {
  kind: "redis",
  fromEnv: (env) => env.REDIS_URL,
  envMissing: "REDIS_URL is not set",
  fromContainer: async () => {
    const container = await startContainer("redis:7-alpine", 6379);
    return { url: `redis://${container.host}:${container.port}`, stop: container.stop };
  },
  fromBinary: async (path) => (findBinary(["redis-server"], path) ? startRedis({ path }) : undefined),
  binaryMissing: "no redis-server on PATH",
  remedy: REDIS_REMEDY,
};

/**
 * The Redis for this test process: REDIS_URL when set, else a container when a runtime answers, else a throwaway
 * redis-server spawned from PATH, else a ServerUnavailableError that says what to install. Never a silent skip.
 */
export const redisServer: (options?: ServerSourceOptions) => Promise<RedisServer> =
  sharedServer(redisSourcing);

/** Starts a redis-server on a free loopback port in a fresh temp folder. */
export async function startRedis(options: StartRedisOptions = {}): Promise<OwnedRedis> {
  const binary = findBinary(["redis-server"], options.path);
  if (!binary) throw new ServerUnavailableError("redis", ["no redis-server on PATH"], REDIS_REMEDY);
  const dir = mkdtempSync(join(tmpdir(), "redis-"));
  const server = await startOnFreePort(
    (port) => new ServerProcess(binary, redisArgs(port, dir, options), port, dir),
  );
  const { port } = server;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return server.pid;
    },
    kill: (signal) => server.kill(signal),
    start: () => server.start(),
    restart: () => server.restart(),
    stop: async () => {
      await server.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `redis-server` arguments of `startRedis` for `port`, with its data in `dir`. */
export function redisArgs(port: number, dir: string, options: StartRedisOptions = {}): string[] {
  const persistence =
    options.persistence === "aof"
      ? ["--appendonly", "yes", "--appendfsync", "always", "--save", ""]
      : ["--appendonly", "no", "--save", ""];
  return [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    ...persistence,
    ...(typeof options.args === "function" ? options.args(port) : (options.args ?? [])),
  ];
}

/** N independent Redis servers, as a Redlock quorum uses them. */
export async function startRedisNodes(count: number, options: StartRedisOptions = {}): Promise<OwnedRedis[]> {
  return Promise.all(Array.from({ length: count }, () => startRedis(options)));
}

/** A Redis Cluster of `primaries` primaries (no replicas) on loopback ports, ready when every node says cluster_state:ok. */
export async function startRedisCluster({ primaries = 3, path }: { primaries?: number; path?: string } = {}) {
  const cli = findBinary(["redis-cli"], path);
  if (!cli) throw new ServerUnavailableError("redis", ["no redis-cli on PATH"], REDIS_REMEDY);
  const nodes = await startRedisNodes(primaries, {
    path,
    args: [
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      "nodes.conf",
      "--cluster-node-timeout",
      "2000",
    ],
  });
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    await run(cli, [
      "--cluster",
      "create",
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await waitUntil(
      async () => {
        const states = await Promise.all(
          nodes.map((node) => run(cli, ["-p", String(node.port), "cluster", "info"]).then((r) => r.stdout)),
        );
        return states.every((info) => info.includes("cluster_state:ok"));
      },
      20_000,
      "cluster_state:ok on every node",
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, rootNodes: nodes.map((node) => ({ url: node.url })), stop } satisfies RedisCluster;
}

/** A key prefix no other test file uses, so that test files can share one Redis and run in parallel. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
}
