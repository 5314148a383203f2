import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { createApp } from "../../src/app.js";
import { createTokenVerifier } from "../../src/auth/verify-token.js";
import type { Engine } from "../../src/engine.js";
import type { LiveStats } from "../../src/live/live-stats.js";
import type { Rooms } from "../../src/waiting-room/rooms.js";
import { createLogger } from "../../src/logger.js";
import { start, type RunningServer } from "../../src/server.js";
import { HASHED_ASSET_CACHE, PAGE_CACHE, PAGE_CSP } from "../../src/web/web-assets.js";
import { call, startApi } from "../support/api.js";

const SCRIPT = "console.log('the page');".repeat(50);

/** The app with `webRoot` and nothing behind its API routes (these tests never reach the engine). */
async function serve(webRoot: string): Promise<RunningServer> {
  const app = createApp({
    engine: {} as Engine,
    rooms: {} as Rooms,
    live: {} as LiveStats,
    verifier: createTokenVerifier({ secret: "x".repeat(32), jwksUrl: null, devSecret: false }),
    logger: createLogger({ level: "silent" }),
    webRoot,
  });
  return start(app, { port: 0, host: "127.0.0.1" });
}

async function get(server: RunningServer, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("webAssets: the built page at /", () => {
  let root: string;
  let server: RunningServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "web-assets-"));
    mkdirSync(join(root, "assets"));
    mkdirSync(join(root, "api"));
    writeFileSync(
      join(root, "index.html"),
      '<!doctype html><script type="module" src="/assets/app-AbCd1234.js"></script>',
    );
    writeFileSync(join(root, "favicon.svg"), "<svg/>");
    writeFileSync(join(root, ".env"), "SECRET=1");
    writeFileSync(join(root, "api", "shadowed"), "a file where only the API answers");
    writeFileSync(join(root, "assets", "app-AbCd1234.js"), SCRIPT);
    writeFileSync(join(root, "assets", "app-AbCd1234.js.br"), brotliCompressSync(SCRIPT));
    writeFileSync(join(root, "assets", "app-AbCd1234.js.gz"), gzipSync(SCRIPT));
    writeFileSync(join(root, "assets", "plain-EfGh5678.css"), "body{}");
    server = await serve(root);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("sends index.html with the page's CSP, revalidated on every load", async () => {
    const { response, bytes } = await get(server, "/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toBe(PAGE_CSP);
    expect(response.headers.get("cache-control")).toBe(PAGE_CACHE);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(bytes.toString()).toContain("/assets/app-AbCd1234.js");

    // fetch adds "Cache-Control: no-cache" to a conditional request unless it has one; a browser sends max-age=0
    const again = await get(server, "/", {
      "If-None-Match": response.headers.get("etag")!,
      "Cache-Control": "max-age=0",
    });
    expect(again.response.status).toBe(304);
  });

  test("allows nothing from another origin, no inline script and no framing", () => {
    const directives = new Map(PAGE_CSP.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    for (const [name, sources] of directives) {
      expect([name, sources.every((source) => source === "'self'" || source === "'none'")]).toEqual([
        name,
        true,
      ]);
    }
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  });

  // fetch decodes the body itself: the length on the wire tells which copy was sent.
  test.each([
    ["br", "gzip, deflate, br, zstd", brotliCompressSync(SCRIPT).length],
    ["gzip", "gzip", gzipSync(SCRIPT).length],
    [null, "identity", SCRIPT.length],
  ])(
    "sends a hashed script for a year, as %s when the browser accepts %j",
    async (encoding, accepted, length) => {
      const { response, bytes } = await get(server, "/assets/app-AbCd1234.js", {
        "Accept-Encoding": accepted,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe(HASHED_ASSET_CACHE);
      expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(response.headers.get("content-encoding")).toBe(encoding);
      expect(response.headers.get("content-length")).toBe(String(length));
      expect(response.headers.get("vary")).toBe("Accept-Encoding");
      expect(bytes.toString()).toBe(SCRIPT);
    },
  );

  test("sends a hashed file without compressed copies as it is, and other files revalidated", async () => {
    const css = await get(server, "/assets/plain-EfGh5678.css", { "Accept-Encoding": "br" });
    expect(css.response.headers.get("content-encoding")).toBeNull();
    expect(css.response.headers.get("vary")).toBeNull();
    expect(css.response.headers.get("cache-control")).toBe(HASHED_ASSET_CACHE);
    const icon = await get(server, "/favicon.svg");
    expect(icon.response.headers.get("cache-control")).toBe(PAGE_CACHE);
    expect(icon.response.headers.get("content-security-policy")).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });

  test.each([
    "/api/shadowed",
    "/assets/missing-00000000.js",
    "/.env",
    "/assets/..%2f.env",
    "/%2e%2e/etc/passwd",
  ])("answers %s with a 404 problem, never a file outside the page", async (path) => {
    const { response, bytes } = await get(server, path);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(bytes.toString()).code).toBe("E_NOT_FOUND");
  });

  test("leaves other methods to the API's 404", async () => {
    const response = await fetch(`${server.url}/`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe("E_NOT_FOUND");
  });
});

describe("webAssets without a built page", () => {
  test("answers GET / with a 404 problem that says how to build it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "web-assets-empty-"));
    const server = await serve(empty);
    try {
      const { response, bytes } = await get(server, "/");
      expect(response.status).toBe(404);
      expect(JSON.parse(bytes.toString())).toMatchObject({
        code: "E_NOT_FOUND",
        detail: expect.stringContaining("web:build"),
      });
    } finally {
      await server.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("the app started as `npm start` starts it", () => {
  test("serves the workspace's built web app at /", async () => {
    const api = await startApi("embedded");
    try {
      const page = await call(api, "GET", "/");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toBe(PAGE_CSP);
      expect(page.text).toContain('<div id="app">');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
      const asset = await call(api, "GET", script);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toBe(HASHED_ASSET_CACHE);
    } finally {
      await api.stop();
    }
  });
});
