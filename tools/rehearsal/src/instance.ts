import { join } from "node:path";
import { imageConfig, startApp, type AppProcess } from "./app-process.ts";
import { containerCommand, readEnvFile, runAppConfiguration, splitBootScript } from "./boot-script.ts";
import { RehearsalError } from "./errors.ts";
import { calls } from "./fake-aws.ts";
import { userData } from "./stack.ts";
import { assertExists, type World } from "./world.ts";

/** What the boot script of one instance produced: the container's environment and command. */
export interface ConfiguredInstance {
  readonly envFile: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly command: readonly string[];
  readonly ports: readonly string[];
  readonly flags: number;
  /** The AWS calls the app-configuration part made. */
  readonly bootCalls: string[];
}

/** A configured instance with its app running. */
export interface Instance extends ConfiguredInstance {
  readonly app: AppProcess;
}

/**
 * Configures one instance: runs the app-configuration part of the launch template's user data with the stub `aws`, then
 * runs the container's command as a Node process with the image's ENV, the env file the part wrote and the
 * `docker run -e` flags. Without Docker there is no network namespace or filesystem of its own, so: the published
 * port is whatever free port the app picks (PORT=0), a bind mount must have the same path on both sides, the
 * instance role becomes static test credentials for the local AWS endpoint, and the image's trust store (which holds
 * the public root CAs of ElastiCache's certificates) becomes NODE_EXTRA_CA_CERTS with the rehearsal's public CA.
 */
export function configureInstance(
  world: World,
  options: { workspaceRoot: string; overrides?: Readonly<Record<string, string>> },
): ConfiguredInstance {
  const boot = splitBootScript(userData(world.stack, world.resolve));
  const configDir = join(world.dir, "instance", "etc", "ticketing");
  const before = calls(world.awsDir).length;
  const run = runAppConfiguration(boot, {
    overrides: {
      CONFIG_DIR: configDir,
      // The RDS CA bundle of the real instance is downloaded from AWS; here it is the rehearsal's database CA.
      ...(boot.inputs.has("CA_BUNDLE_URL")
        ? { CA_BUNDLE_URL: `file://${world.databaseCertificate.caFile}` }
        : {}),
      ...options.overrides,
    },
    binDir: world.binDir,
    workDir: join(world.dir, "instance"),
  });
  const bootCalls = calls(world.awsDir).slice(before);
  // Variables of host steps the rehearsal does not run (image pull, instance metadata).
  const container = containerCommand(boot, new Map([...run.variables, ["INSTANCE_ID", "i-0rehearsal"]]));
  if (!container.envFile) throw new RehearsalError("E_BOOT_SCRIPT", "docker run is given no --env-file");
  assertExists(container.envFile, "the env file");
  for (const mount of container.mounts) {
    assertExists(mount.source, "the mounted file");
    if (mount.source !== mount.target)
      throw new RehearsalError(
        "E_BOOT_SCRIPT",
        `the rehearsal runs without a container filesystem, so a mount must keep its path (${mount.source} -> ${mount.target})`,
      );
  }
  const image = imageConfig(join(options.workspaceRoot, "apps/api/Dockerfile"));
  const environment: Record<string, string> = {
    ...Object.fromEntries(image.environment),
    ...Object.fromEntries(readEnvFile(container.envFile)),
    ...Object.fromEntries(container.environment),
    PORT: "0",
    PATH: process.env["PATH"] ?? "",
    AWS_ENDPOINT_URL: world.awsEndpoint,
    AWS_ACCESS_KEY_ID: "AKIAREHEARSAL",
    AWS_SECRET_ACCESS_KEY: "rehearsal",
    NODE_EXTRA_CA_CERTS: world.publicCertificate.caFile,
  };
  return {
    envFile: container.envFile,
    environment,
    command: image.command,
    ports: container.ports,
    flags: container.environment.size,
    bootCalls,
  };
}

/** Runs the container's command as a Node process from the workspace root (the image's WORKDIR holds that tree). */
export async function startInstance(
  configured: ConfiguredInstance,
  options: { workspaceRoot: string; node: string },
): Promise<Instance> {
  const app = await startApp({
    command: configured.command,
    cwd: options.workspaceRoot,
    environment: configured.environment,
    node: options.node,
  });
  return { ...configured, app };
}
