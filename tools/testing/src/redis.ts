import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findBinary } from "./binaries.js";
import { probeContainerRuntime, startContainer } from "./containers.js";
import { ServerUnavailableError } from "./errors.js";
import { freePort, waitUntil } from "./ports.js";
import { ServerProcess } from "./server-process.js";

const run = promisify(execFile);

export type ServerSource = "env" | "container" | "binary";

/** A Redis the tests may use: shared by the tests of one process, isolated by key prefix. */
export interface RedisServer {
  readonly url: string;
  readonly source: ServerSource;
  stop(): Promise<void>;
}

/** A Redis this test owns: it may kill -9 it and start it again on the same port and data folder. */
export interface OwnedRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number | undefined;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisCluster {
  readonly nodes: readonly OwnedRedis[];
  /** `rootNodes` for `createCluster` of @redis/client. */
  readonly rootNodes: readonly { url: string }[];
  stop(): Promise<void>;
}

export interface ServerSourceOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Sources to try, in order. @default ["env", "container", "binary"] */
  sources?: readonly ServerSource[];
}

export interface StartRedisOptions {
  /** "aof" fsyncs every write so that a kill -9 loses nothing; "none" keeps nothing on disk. @default "none" */
  persistence?: "none" | "aof";
  /** Extra `redis-server` arguments, e.g. ["--cluster-enabled", "yes"]. */
  args?: readonly string[];
  /** PATH to look for the binary in. @default process.env.PATH */
  path?: string;
}

const REDIS_REMEDY =
  "Set REDIS_URL=redis://host:port, or start a container runtime (Docker/Podman), or install redis-server on PATH (Debian: apt-get install redis-server).";

let shared: Promise<RedisServer> | undefined;

/**
 * The Redis for this test process: REDIS_URL when set, else a container when a runtime answers, else a throwaway
 * redis-server spawned from PATH, else a ServerUnavailableError that says what to install. Never a silent skip.
 */
export function redisServer(options: ServerSourceOptions = {}): Promise<RedisServer> {
  if (options.env || options.sources) return resolveRedis(options);
  shared ??= resolveRedis({});
  return shared;
}

async function resolveRedis({
  env = process.env,
  sources = ["env", "container", "binary"],
}: ServerSourceOptions) {
  const attempts: string[] = [];
  for (const source of sources) {
    if (source === "env") {
      if (env.REDIS_URL) return { url: env.REDIS_URL, source, stop: async () => {} } satisfies RedisServer;
      attempts.push("REDIS_URL is not set");
    } else if (source === "container") {
      const probe = await probeContainerRuntime();
      if (probe.available) {
        const container = await startContainer("redis:7-alpine", 6379);
        return {
          url: `redis://${container.host}:${container.port}`,
          source,
          stop: container.stop,
        } satisfies RedisServer;
      }
      attempts.push(`no container runtime (${probe.reason})`);
    } else {
      const path = env.PATH ?? "";
      if (findBinary(["redis-server"], path)) {
        const redis = await startRedis({ path });
        return { url: redis.url, source, stop: redis.stop } satisfies RedisServer;
      }
      attempts.push("no redis-server on PATH");
    }
  }
  throw new ServerUnavailableError("redis", attempts, REDIS_REMEDY);
}

/** Starts a redis-server on a free loopback port in a fresh temp folder. */
export async function startRedis(options: StartRedisOptions = {}): Promise<OwnedRedis> {
  const binary = findBinary(["redis-server"], options.path);
  if (!binary) throw new ServerUnavailableError("redis", ["no redis-server on PATH"], REDIS_REMEDY);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `redis-${port}-`));
  const persistence =
    options.persistence === "aof"
      ? ["--appendonly", "yes", "--appendfsync", "always", "--save", ""]
      : ["--appendonly", "no", "--save", ""];
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    ...persistence,
    ...(options.args ?? []),
  ];
  const server = new ServerProcess(binary, args, port, dir);
  await server.start();
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
