// No container engine runs here, so the Dockerfile and docker-compose.yml are checked against the workspace they
// package: what the image copies, whom it runs as, what it health-checks, and whether compose's environment passes
// the app's own configuration check.
import { readFileSync, readlinkSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { CONFIG_VARIABLES, loadConfig } from "../src/config.js";
import { LIVENESS_PATH } from "../src/routes/health.js";

const app = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(app, "../..");

interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions of each stage, continuation lines joined and comments dropped. */
function stages(dockerfile: string): Instruction[][] {
  const result: Instruction[][] = [];
  const lines = dockerfile.replace(/\\\n/g, " ").split("\n");
  for (const line of lines) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    const instruction = { keyword: match[1]!, args: match[2]!.trim() };
    if (instruction.keyword === "FROM") result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  engines?: { node?: string };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as PackageJson;

/** Workspace directory (relative to the root) of every @ticketing package the api needs at run time. */
function runtimeWorkspaces(): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const name of Object.keys(readJson(join(root, dir, "package.json")).dependencies ?? {})) {
      if (!name.startsWith("@ticketing/")) continue;
      // npm links each workspace package into node_modules with a relative symlink.
      const target = relative(
        root,
        resolve(root, "node_modules/@ticketing", readlinkSync(join(root, "node_modules", name))),
      );
      if (found.has(target)) continue;
      found.add(target);
      visit(target);
    }
  };
  visit("apps/api");
  return [...found].sort();
}

const all = stages(readFileSync(join(app, "Dockerfile"), "utf8"));
const runtime = all.at(-1)!;

describe("Dockerfile", () => {
  const args = (keyword: string) => runtime.filter((i) => i.keyword === keyword).map((i) => i.args);

  test("builds in one stage and runs from a second that starts from a Node image the api's engines allow", () => {
    expect(all).toHaveLength(2);
    const image = /^node:(\d+)/.exec(runtime[0]!.args);
    const minimum = Number(/(\d+)/.exec(readJson(join(app, "package.json")).engines!.node!)![1]);
    expect(Number(image?.[1])).toBeGreaterThanOrEqual(minimum);
  });

  test("copies into the runtime stage the api, the web page it serves and exactly the workspace packages it imports, each with its package.json and dist", () => {
    const copied = args("COPY").map((line) => {
      const [from, source, target] = line.split(/\s+/);
      expect(from).toBe("--from=build");
      expect(target).toBe(`./${source!.replace(/^\/repo\//, "")}`);
      return source!.replace(/^\/repo\//, "");
    });
    // The page is not imported but found through its package (src/web/web-root.ts), linked like the others.
    expect(readlinkSync(join(root, "node_modules/@ticketing/web"))).toBe("../../apps/web");
    const packages = ["apps/api", "apps/web", ...runtimeWorkspaces()];
    expect(packages).toEqual(expect.arrayContaining(["libs/lock", "libs/cache", "libs/reservation"]));
    const expected = [
      "package.json",
      "node_modules",
      ...packages.flatMap((dir) => [`${dir}/package.json`, `${dir}/dist`]),
    ];
    expect([...copied].sort()).toEqual([...expected].sort());
  });

  test("runs as a non-root user and starts the api's built main", () => {
    expect(args("USER")).toHaveLength(1);
    expect(args("USER")[0]).not.toMatch(/^(root|0)(:|$)/);
    const start = readJson(join(app, "package.json")).scripts!.start!;
    expect(start).toBe("node dist/main.js");
    expect(JSON.parse(args("CMD")[0]!)).toEqual(["node", "apps/api/dist/main.js"]);
  });

  test("health-checks liveness (not the database) on the port it listens on", () => {
    const [healthcheck] = args("HEALTHCHECK");
    expect(healthcheck).toContain(`'${LIVENESS_PATH}'`);
    expect(healthcheck).toContain("process.env.PORT");
    expect(args("STOPSIGNAL")).toEqual(["SIGTERM"]);
  });

  test("sets no secret in the image", () => {
    const env = args("ENV").join(" ") + " " + args("ARG").join(" ");
    expect(env).not.toMatch(/SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/i);
  });
});

describe("docker-compose.yml", () => {
  interface Service {
    image?: string;
    command?: string[];
    environment?: Record<string, string>;
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
  }
  const compose = parse(readFileSync(join(app, "docker-compose.yml"), "utf8")) as {
    services: Record<string, Service>;
  };
  const api = compose.services.api!;
  // ${NAME:-default} as compose resolves it when NAME is not set.
  const environment = Object.fromEntries(
    Object.entries(api.environment ?? {}).map(([name, value]) => [
      name,
      String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1"),
    ]),
  );
  const runtimeEnv = Object.fromEntries(
    runtime
      .filter((i) => i.keyword === "ENV")
      .flatMap((i) => i.args.split(/\s+/).map((pair) => pair.split("=") as [string, string])),
  );

  test("gives the api only variables it reads, and they pass its configuration check in production", () => {
    for (const name of Object.keys(environment)) expect(CONFIG_VARIABLES).toContain(name);
    const config = loadConfig({ ...runtimeEnv, ...environment });
    expect(config.production).toBe(true);
    expect(config.mode).toBe("mysql");
    expect(config.redis).toEqual({ url: "redis://redis:6379" });
    expect(config.auth.devSecret).toBe(false);
  });

  test("points the api at the database and user the mysql service creates, and waits for both services to be healthy", () => {
    const mysql = compose.services.mysql!.environment!;
    const url = new URL(environment.DATABASE_URL!);
    expect(url.hostname).toBe("mysql");
    expect(decodeURIComponent(url.username)).toBe(mysql.MYSQL_USER);
    expect(decodeURIComponent(url.password)).toBe(mysql.MYSQL_PASSWORD);
    expect(url.pathname).toBe(`/${mysql.MYSQL_DATABASE}`);
    expect(new URL(environment.REDIS_URL!).hostname).toBe("redis");
    expect(api.depends_on).toEqual({
      mysql: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
    expect(compose.services.mysql!.healthcheck?.test.length).toBeGreaterThan(0);
    expect(compose.services.redis!.healthcheck?.test.length).toBeGreaterThan(0);
  });

  test("runs Redis with noeviction, so that seat counters and locks are never evicted", () => {
    const command = compose.services.redis!.command!;
    expect(command[command.indexOf("--maxmemory-policy") + 1]).toBe("noeviction");
  });
});
