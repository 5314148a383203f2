import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RehearsalError } from "./errors.ts";

/** The comment lines around the app-configuration part (exported by @ticketing/infra's user-data). */
export const BEGIN = "# >>> app configuration";
export const END = "# <<< app configuration";

/** The user data split the way the rehearsal runs it. */
export interface BootScript {
  /** `NAME='value'` lines at the top: the inputs Terraform filled in. */
  readonly inputs: ReadonlyMap<string, string>;
  /** The app-configuration part, from its BEGIN to its END marker. */
  readonly appConfiguration: string;
  /** The rest of the script after the part: pulling the image and starting the container. */
  readonly container: string;
}

export function splitBootScript(userData: string): BootScript {
  const lines = userData.split("\n");
  const inputs = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const match = /^([A-Z_][A-Z0-9_]*)='([^']*)'$/.exec(line);
    if (!match) break;
    inputs.set(match[1] as string, match[2] as string);
  }
  const begin = lines.indexOf(BEGIN);
  const end = lines.indexOf(END);
  if (begin < 0 || end < begin)
    throw new RehearsalError(
      "E_BOOT_SCRIPT",
      `the user data has no "${BEGIN}" … "${END}" part; the rehearsal runs exactly that part`,
    );
  return {
    inputs,
    appConfiguration: lines.slice(begin, end + 1).join("\n"),
    container: lines.slice(end + 1).join("\n"),
  };
}

/** What running the app-configuration part left behind. */
export interface ConfigurationRun {
  /** Every shell variable at the end of the part (ENV_FILE, …), for expanding the container command. */
  readonly variables: ReadonlyMap<string, string>;
  readonly stderr: string;
}

/**
 * Runs the app-configuration part under `bash -euo pipefail` with the inputs (some overridden: `CONFIG_DIR` is a
 * folder of the rehearsal's) and `binDir` first on PATH, where the `aws` stub waits.
 */
export function runAppConfiguration(
  boot: BootScript,
  options: { overrides: Readonly<Record<string, string>>; binDir: string; workDir: string },
): ConfigurationRun {
  const inputs = new Map(boot.inputs);
  for (const [key, value] of Object.entries(options.overrides)) {
    if (!inputs.has(key))
      throw new RehearsalError("E_BOOT_SCRIPT", `the user data has no input ${key} to override`);
    inputs.set(key, value);
  }
  mkdirSync(options.workDir, { recursive: true });
  const varsFile = join(options.workDir, "variables.bin");
  const script = [
    "#!/bin/bash",
    ...[...inputs].map(([key, value]) => `${key}=${shellQuote(value)}`),
    "set -euo pipefail",
    boot.appConfiguration,
    `set +u; for __name in $(compgen -v); do printf '%s=%s\\0' "$__name" "\${!__name}"; done > ${shellQuote(varsFile)}`,
    "",
  ].join("\n");
  const file = join(options.workDir, "app-configuration.sh");
  writeFileSync(file, script, { mode: 0o700 });
  const result = spawnSync("bash", [file], {
    env: { PATH: `${options.binDir}:${process.env["PATH"] ?? ""}`, HOME: options.workDir },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new RehearsalError(
      "E_BOOT_SCRIPT",
      `the app-configuration part exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`,
    );
  const variables = new Map<string, string>();
  for (const entry of readFileSync(varsFile, "utf8").split("\0")) {
    const at = entry.indexOf("=");
    if (at > 0) variables.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return { variables, stderr: result.stderr };
}

/** The `docker run` of the boot script, with its arguments expanded. */
export interface ContainerCommand {
  readonly envFile: string | undefined;
  /** `-e NAME=value` flags. */
  readonly environment: ReadonlyMap<string, string>;
  readonly mounts: readonly { source: string; target: string; readOnly: boolean }[];
  /** `-p host:container`. */
  readonly ports: readonly string[];
  readonly image: string;
  readonly restart: string | undefined;
}

const DOCKER_VALUE_FLAGS = new Set([
  "--name",
  "--restart",
  "-p",
  "-e",
  "--env-file",
  "-v",
  "--log-driver",
  "--log-opt",
  "--stop-timeout",
  "--ulimit",
  "--user",
]);

export function containerCommand(boot: BootScript, variables: ReadonlyMap<string, string>): ContainerCommand {
  const line = boot.container.split("\n").find((l) => /^docker run\b/.test(l.trim()));
  if (!line) throw new RehearsalError("E_BOOT_SCRIPT", "the boot script starts no container (docker run)");
  const words = shellWords(line.trim(), variables).slice(2);
  const environment = new Map<string, string>();
  const mounts: { source: string; target: string; readOnly: boolean }[] = [];
  const ports: string[] = [];
  let envFile: string | undefined;
  let restart: string | undefined;
  let image: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "-d" || word === "--rm" || word === "--init") continue;
    if (DOCKER_VALUE_FLAGS.has(word)) {
      const value = words[++i] ?? "";
      if (word === "-e") {
        const at = value.indexOf("=");
        environment.set(value.slice(0, at), value.slice(at + 1));
      } else if (word === "--env-file") envFile = value;
      else if (word === "-v") {
        const [source = "", target = "", mode] = value.split(":");
        mounts.push({ source, target, readOnly: mode === "ro" });
      } else if (word === "-p") ports.push(value);
      else if (word === "--restart") restart = value;
      continue;
    }
    if (word.startsWith("-")) throw new RehearsalError("E_BOOT_SCRIPT", `unknown docker run flag ${word}`);
    image = word;
    if (i !== words.length - 1)
      throw new RehearsalError("E_BOOT_SCRIPT", "the container command overrides the image's CMD");
  }
  if (!image) throw new RehearsalError("E_BOOT_SCRIPT", "docker run names no image");
  return { envFile, environment, mounts, ports, image, restart };
}

/** Reads an env file the way `docker run --env-file` does: NAME=value per line, no quotes, no expansion. */
export function readEnvFile(file: string): Map<string, string> {
  const environment = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at > 0) environment.set(line.slice(0, at), line.slice(at + 1));
  }
  return environment;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Splits one shell command line into words, expanding $NAME outside single quotes. */
function shellWords(line: string, variables: ReadonlyMap<string, string>): string[] {
  const words: string[] = [];
  let current: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
      continue;
    }
    if (char === "$") {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1))?.[0];
      if (name) {
        if (!variables.has(name))
          throw new RehearsalError("E_BOOT_SCRIPT", `the container command uses $${name}, which is unset`);
        current = (current ?? "") + variables.get(name);
        i += name.length;
        continue;
      }
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      current ??= "";
    } else if (/\s/.test(char)) {
      if (current !== null) words.push(current);
      current = null;
    } else current = (current ?? "") + char;
  }
  if (current !== null) words.push(current);
  return words;
}
