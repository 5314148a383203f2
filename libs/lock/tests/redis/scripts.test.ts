import { createHash } from "node:crypto";
import { createClient } from "@redis/client";
import { startRedisNodes, type OwnedRedis } from "@ticketing/testing";
import { RedisLocks, RedlockLocks } from "../../src/index.js";
import { scripts } from "../../src/redis/scripts.js";
import { rejection, sleep } from "../helpers.js";

const newClient = (url: string) => createClient({ url });
type Client = ReturnType<typeof newClient>;
let nodes: OwnedRedis[];
const clients: Client[] = [];
/** What MONITOR printed on each node, one line per command, scripts' own commands after the script's call. */
const monitored: string[][] = [];

async function connect(url: string): Promise<Client> {
  const client = newClient(url);
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  nodes = await startRedisNodes(3);
  for (const node of nodes) {
    const lines: string[] = [];
    monitored.push(lines);
    await (await connect(node.url)).monitor((line) => lines.push(line));
  }
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(nodes.map((node) => node.stop()));
});

/** The arguments of one MONITOR line, unescaped, and whether a script issued the command. */
function parseMonitorLine(line: string): { fromScript: boolean; args: string[] } {
  const fromScript = / \[\d+ lua\] /.test(line);
  const args: string[] = [];
  const quoted = /"((?:[^"\\]|\\.)*)"/g;
  for (const match of line.matchAll(quoted))
    args.push(
      (match[1] as string).replace(/\\(x[0-9a-f]{2}|.)/g, (_, escape: string) => {
        if (escape.startsWith("x") && escape.length === 3)
          return String.fromCharCode(parseInt(escape.slice(1), 16));
        return (
          ({ n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b" } as Record<string, string>)[escape] ?? escape
        );
      }),
    );
  return { fromScript, args };
}

function scriptNames(): Map<string, string> {
  const bySha = new Map<string, string>();
  const visit = (value: unknown, path: string) => {
    if (typeof value !== "object" || value === null) return;
    if ("sha" in value && typeof value.sha === "string") bySha.set(value.sha, path);
    else for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
  };
  visit(scripts, "");
  return bySha;
}

describe("the package's Lua scripts", () => {
  test("touch only the keys each call declares in KEYS, for every script the package has", async () => {
    const [one, two] = [await connect(nodes[0]!.url), await connect(nodes[0]!.url)];
    const locks = new RedisLocks({ client: one, localPass: true });
    const other = new RedisLocks({ client: two });
    // Batches of acquisitions and releases, and single ones.
    const batch = await Promise.all(Array.from({ length: 16 }, (_, i) => locks.acquire(`seat:${i}`)));
    await Promise.all(batch.map((lock) => lock.release()));
    const single = await locks.acquire("single");
    await single.extend(5_000);
    expect((await other.inspect("single")).held).toBe(true);
    // A hand-off through the store's queue, a pass within the instance, a wait that times out (cancel).
    const waiting = other.acquire("single", { waitMs: 10_000 });
    const passed = locks.acquire("single", { waitMs: 10_000 });
    await sleep(50);
    await single.release();
    await (await passed).release();
    await (await waiting).release();
    const holder = await locks.acquire("busy");
    expect((await rejection(other.acquire("busy", { waitMs: 100 }))).code).toBe("E_LOCK_TIMEOUT");
    await holder.release();
    // Semaphores: grant, wait, hand-off, extension, cancel.
    const permits = await Promise.all([
      locks.acquire("pool", { limit: 2 }),
      locks.acquire("pool", { limit: 2 }),
    ]);
    const queued = other.acquire("pool", { limit: 2, waitMs: 10_000 });
    expect((await rejection(other.acquire("pool", { limit: 2, waitMs: 100 }))).code).toBe("E_LOCK_TIMEOUT");
    await permits[0]!.extend(5_000);
    expect((await other.inspect("pool", { limit: 2 })).permits).toBe(2);
    await Promise.all(permits.map((lock) => lock.release()));
    await (await queued).release();
    await Promise.all([locks.close(), other.close()]);
    // Redlock lifts a node that lags behind its quorum's fence.
    const quorum = await Promise.all(nodes.map((node) => connect(node.url)));
    await quorum[1]!.set("lock:{lifted}:fence", String(Number.MAX_SAFE_INTEGER - 10));
    const redlock = new RedlockLocks({ clients: quorum });
    await (await redlock.acquire("lifted")).release();
    await redlock.close();

    const lookup = await connect(nodes[0]!.url);
    const names = scriptNames();
    const seen = new Set<string>();
    const violations: string[] = [];
    for (const [node, lines] of monitored.entries()) {
      let declared: Set<string> | undefined;
      let script = "";
      for (const line of lines) {
        const { fromScript, args } = parseMonitorLine(line);
        const command = args[0]?.toLowerCase();
        if (!fromScript) {
          declared = undefined;
          if (command !== "evalsha" && command !== "eval") continue;
          const sha =
            command === "evalsha"
              ? args[1]
              : createHash("sha1")
                  .update(args[1] ?? "")
                  .digest("hex");
          script = names.get(sha ?? "") ?? "(a script of another package)";
          seen.add(script);
          declared = new Set(args.slice(3, 3 + Number(args[2])));
          continue;
        }
        if (!declared || ["publish", "spublish", "time"].includes(command ?? "")) continue;
        const keys = (await lookup.sendCommand(["COMMAND", "GETKEYS", ...args]).catch(() => [])) as string[];
        for (const key of keys)
          if (!declared.has(key))
            violations.push(`node ${node}, ${script}: ${args.join(" ")} touches ${key}`);
      }
    }
    expect(violations.slice(0, 10)).toEqual([]);
    const every = [...new Set(names.values())].sort();
    expect(every.filter((name) => !seen.has(name))).toEqual([]);
  });
});
