import { probeContainerRuntime } from "./containers.js";
import { ServerUnavailableError } from "./errors.js";

/** Where a shared test server came from. */
export type ServerSource = "env" | "container" | "binary";

export interface ServerSourceOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Sources to try, in order. @default ["env", "container", "binary"] */
  sources?: readonly ServerSource[];
}

/** A server found by {@link resolveServer}. */
export interface SourcedServer {
  readonly url: string;
  readonly source: ServerSource;
  stop(): Promise<void>;
}

/** How one kind of server is found in each source, and what to say when none has it. */
export interface ServerSourcing {
  kind: "redis" | "mysql";
  /** The server's URL from the environment, or undefined when the variable is unset. */
  fromEnv(env: NodeJS.ProcessEnv): string | undefined;
  envMissing: string;
  /** Starts a container (a runtime answered the probe). */
  fromContainer(): Promise<{ url: string; stop(): Promise<void> }>;
  /** Starts a local server from `path`, or returns undefined when its binaries are not there. */
  fromBinary(path: string): Promise<{ url: string; stop(): Promise<void> } | undefined>;
  binaryMissing: string;
  remedy: string;
}

/** Tries the sources in order and returns the first server found, or throws one error listing every attempt. */
export async function resolveServer(
  sourcing: ServerSourcing,
  { env = process.env, sources = ["env", "container", "binary"] }: ServerSourceOptions,
): Promise<SourcedServer> {
  const attempts: string[] = [];
  for (const source of sources) {
    if (source === "env") {
      const url = sourcing.fromEnv(env);
      if (url) return { url, source, stop: async () => {} };
      attempts.push(sourcing.envMissing);
    } else if (source === "container") {
      const probe = await probeContainerRuntime();
      if (probe.available) {
        const started = await sourcing.fromContainer();
        return { url: started.url, source, stop: started.stop };
      }
      attempts.push(`no container runtime (${probe.reason})`);
    } else {
      const started = await sourcing.fromBinary(env.PATH ?? "");
      if (started) return { url: started.url, source, stop: started.stop };
      attempts.push(sourcing.binaryMissing);
    }
  }
  throw new ServerUnavailableError(sourcing.kind, attempts, sourcing.remedy);
}

/** The finder of one kind of server: the server found first is shared by every call without options. */
export function sharedServer(
  sourcing: ServerSourcing,
): (options?: ServerSourceOptions) => Promise<SourcedServer> {
  let shared: Promise<SourcedServer> | undefined;
  return (options = {}) => {
    if (options.env || options.sources) return resolveServer(sourcing, options);
    shared ??= resolveServer(sourcing, {});
    return shared;
  };
}
