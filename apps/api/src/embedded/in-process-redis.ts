import { createHash } from "node:crypto";
import type { ScriptClient } from "@ticketing/redis-script";
import { LuaFactory, type LuaEngine } from "wasmoon";
import { SortedSet } from "./sorted-set.js";

type Value =
  | { kind: "string"; value: string }
  | { kind: "hash"; value: Map<string, string> }
  | { kind: "zset"; value: SortedSet }
  | { kind: "list"; value: string[] };

interface Entry {
  data: Value;
  /** Epoch ms, or undefined for no expiry. */
  expiresAt?: number | undefined;
}

type Reply = number | string | null | Reply[] | { ok: string };
type LuaFunction = (keys: string[], argv: string[]) => unknown;

/** An in-process Redis that runs Lua scripts: the scripting surface of `ScriptClient`, plus `close`. */
export interface InProcessRedis extends ScriptClient {
  close(): void;
}

/**
 * A Redis for one process that runs Lua scripts (EVAL / EVALSHA) on in-memory data, with a real Lua VM (Lua 5.4
 * compiled to WebAssembly by wasmoon). The embedded mode gives it to `@ticketing/waiting-room` and the live figures
 * in place of a Redis server, so they run their own scripts unchanged.
 *
 * Scripts run one at a time to completion, as on Redis. The commands are those the scripts of this workspace call
 * (hashes, sorted sets, lists, counters, expiry), with Redis's conversions between Lua and replies: a missing value is
 * `false` in Lua and `null` in a reply, a Lua number is an integer reply, `unpack` is there as in Redis's Lua 5.1.
 * Lua 5.4 writes a float with `.0` where 5.1 would not (`tostring(3.0)`); scripts that need integer text format it.
 */
export async function createInProcessRedis(options: { clock?: () => number } = {}): Promise<InProcessRedis> {
  const clock = options.clock ?? Date.now;
  const lua: LuaEngine = await new LuaFactory().createEngine({
    injectObjects: false,
    enableProxy: false,
    traceAllocations: false,
  });
  const data = new Map<string, Entry>();
  const scripts = new Map<string, LuaFunction>();

  const live = (key: string): Entry | undefined => {
    const entry = data.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= clock()) {
      data.delete(key);
      return undefined;
    }
    return entry;
  };
  const read = <K extends Value["kind"]>(key: string, kind: K) => {
    const entry = live(key);
    if (!entry) return undefined;
    if (entry.data.kind !== kind)
      throw new Error("WRONGTYPE Operation against a key holding the wrong kind of value");
    return entry.data.value as Extract<Value, { kind: K }>["value"];
  };
  const write = <K extends Value["kind"]>(
    key: string,
    kind: K,
    create: () => Extract<Value, { kind: K }>["value"],
  ) => {
    const existing = read(key, kind);
    if (existing !== undefined) return existing;
    const value = create();
    data.set(key, { data: { kind, value } as Value });
    return value;
  };
  const dropIfEmpty = (key: string, size: number) => {
    if (size === 0) data.delete(key);
  };
  const integer = (text: string) => {
    if (!/^-?\d+$/.test(text)) throw new Error("ERR value is not an integer or out of range");
    return Number(text);
  };

  const commands: Record<string, (args: string[]) => Reply> = {
    DEL: (keys) => keys.filter((key) => live(key) && data.delete(key)).length,
    PEXPIRE: ([key, ms]) => {
      const entry = live(key!);
      if (!entry) return 0;
      entry.expiresAt = clock() + integer(ms!);
      return 1;
    },
    PTTL: ([key]) => {
      const entry = live(key!);
      if (!entry) return -2;
      return entry.expiresAt === undefined ? -1 : entry.expiresAt - clock();
    },
    INCR: ([key]) => incrBy(key!, 1),
    DECR: ([key]) => incrBy(key!, -1),
    HSET: ([key, ...pairs]) => {
      const hash = write(key!, "hash", () => new Map());
      let added = 0;
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if (!hash.has(pairs[i]!)) added++;
        hash.set(pairs[i]!, pairs[i + 1]!);
      }
      return added;
    },
    HSETNX: ([key, field, value]) => {
      const hash = write(key!, "hash", () => new Map());
      if (hash.has(field!)) return 0;
      hash.set(field!, value!);
      return 1;
    },
    HGET: ([key, field]) => read(key!, "hash")?.get(field!) ?? null,
    HMGET: ([key, ...fields]) => {
      const hash = read(key!, "hash");
      return fields.map((field) => hash?.get(field) ?? null);
    },
    HGETALL: ([key]) => [...(read(key!, "hash") ?? new Map<string, string>())].flat(),
    HDEL: ([key, ...fields]) => {
      const hash = read(key!, "hash");
      if (!hash) return 0;
      const removed = fields.filter((field) => hash.delete(field)).length;
      dropIfEmpty(key!, hash.size);
      return removed;
    },
    HINCRBY: ([key, field, by]) => {
      const hash = write(key!, "hash", () => new Map());
      const next = integer(hash.get(field!) ?? "0") + integer(by!);
      hash.set(field!, String(next));
      return next;
    },
    ZADD: ([key, ...rest]) => {
      const nx = rest[0]?.toUpperCase() === "NX";
      const pairs = nx ? rest.slice(1) : rest;
      const set = write(key!, "zset", () => new SortedSet());
      let added = 0;
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const score = Number(pairs[i]);
        if (Number.isNaN(score)) throw new Error("ERR value is not a valid float");
        if (nx && set.has(pairs[i + 1]!)) continue;
        if (set.add(pairs[i + 1]!, score)) added++;
      }
      return added;
    },
    ZCARD: ([key]) => read(key!, "zset")?.size ?? 0,
    ZRANK: ([key, member]) => read(key!, "zset")?.rank(member!) ?? null,
    ZREM: ([key, ...members]) => {
      const set = read(key!, "zset");
      if (!set) return 0;
      const removed = members.filter((member) => set.delete(member)).length;
      dropIfEmpty(key!, set.size);
      return removed;
    },
    ZRANGE: ([key, min, max, ...options]) => {
      const upper = options.map((option) => option.toUpperCase());
      if (upper[0] !== "BYSCORE") throw new Error("ERR only ZRANGE key min max BYSCORE [LIMIT offset count]");
      const limit = upper[1] === "LIMIT" ? [integer(options[2]!), integer(options[3]!)] : [0, -1];
      return read(key!, "zset")?.rangeByScore(min!, max!, limit[0]!, limit[1]!) ?? [];
    },
    ZPOPMIN: ([key, count]) => {
      const set = read(key!, "zset");
      if (!set) return [];
      const popped = set.popMin(count === undefined ? 1 : integer(count));
      dropIfEmpty(key!, set.size);
      return popped.flatMap(([member, score]) => [member, String(score)]);
    },
    LPUSH: ([key, ...values]) => {
      const list = write(key!, "list", () => []);
      for (const value of values) list.unshift(value);
      return list.length;
    },
    LTRIM: ([key, start, stop]) => {
      const list = read(key!, "list");
      if (list) {
        const from = index(integer(start!), list.length);
        const to = index(integer(stop!), list.length);
        const kept = list.slice(Math.max(0, from), Math.max(0, to + 1));
        list.splice(0, list.length, ...kept);
        dropIfEmpty(key!, list.length);
      }
      return { ok: "OK" };
    },
    LINDEX: ([key, at]) => {
      const list = read(key!, "list");
      if (!list) return null;
      return list[index(integer(at!), list.length)] ?? null;
    },
  };

  function incrBy(key: string, by: number): number {
    const entry = live(key);
    const current = entry ? integer(read(key, "string")!) : 0;
    const next = current + by;
    if (entry) entry.data = { kind: "string", value: String(next) };
    else data.set(key, { data: { kind: "string", value: String(next) } });
    return next;
  }

  const call = (name: unknown, ...args: unknown[]): unknown => {
    const command = commands[String(name).toUpperCase()];
    if (!command) throw new Error(`ERR unknown command '${String(name)}' in the in-process Redis`);
    return toLua(command(args.map(argument)));
  };
  lua.global.set("__redis_call", call);
  lua.doStringSync(
    [
      "local call = __redis_call",
      "__redis_call = nil",
      "unpack = table.unpack",
      "redis = {",
      "  call = function(...) return call(...) end,",
      "  error_reply = function(message) return { err = message } end,",
      "  status_reply = function(message) return { ok = message } end,",
      "}",
    ].join("\n"),
  );

  const compile = (source: string): string => {
    const sha = createHash("sha1").update(source).digest("hex");
    if (!scripts.has(sha)) {
      scripts.set(sha, lua.doStringSync(`return function(KEYS, ARGV)\n${source}\nend`) as LuaFunction);
    }
    return sha;
  };
  const run = (sha: string, options: { keys: string[]; arguments: string[] }) => {
    const script = scripts.get(sha);
    if (!script) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
    return fromLua(script([...options.keys], [...options.arguments]));
  };

  return {
    evalSha: async (sha, options) => run(sha, options),
    eval: async (source, options) => run(compile(source), options),
    close: () => lua.global.close(),
  };
}

/** Redis's index into a list: negative counts from the end. */
function index(at: number, length: number): number {
  return at < 0 ? length + at : at;
}

/** A `redis.call` argument as Redis reads it: text, numbers in their shortest form. */
function argument(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new Error("ERR Lua redis() command arguments must be strings or integers");
}

/** A reply as a script sees it: nil is false, arrays keep their length. */
function toLua(reply: Reply): unknown {
  if (reply === null) return false;
  if (Array.isArray(reply)) return reply.map(toLua);
  return reply;
}

/** A script's result as a client receives it (RESP2, as node-redis decodes it). */
function fromLua(value: unknown): unknown {
  if (value === null || value === undefined || value === false) return null;
  if (value === true) return 1;
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const end = value.findIndex((item) => item === null || item === undefined);
    return (end === -1 ? value : value.slice(0, end)).map(fromLua);
  }
  if (typeof value === "object") {
    const table = value as { err?: unknown; ok?: unknown };
    if (typeof table.err === "string") throw new Error(table.err);
    if (typeof table.ok === "string") return table.ok;
    // A table with holes (or none at all) reaches JavaScript as an object keyed 1, 2, …: Redis replies with the
    // elements before the first hole.
    const items: unknown[] = [];
    for (let i = 1; Object.hasOwn(table, i) && (table as Record<number, unknown>)[i] != null; i++) {
      items.push((table as Record<number, unknown>)[i]);
    }
    if (Object.keys(table).every((key) => /^[1-9]\d*$/.test(key))) return items.map(fromLua);
  }
  throw new Error(`ERR the in-process Redis cannot reply with ${typeof value}`);
}
