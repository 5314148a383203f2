import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const dist = resolve(__dirname, "../dist");

describe("the built page (dist/)", () => {
  const html = () => readFileSync(join(dist, "index.html"), "utf8");

  test("exists: nx run web:test builds it first", () => {
    expect(existsSync(join(dist, "index.html"))).toBe(true);
  });

  test("has no inline script, inline style or style attribute (the CSP allows none)", () => {
    const page = html();
    for (const script of page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      expect(script[0]).toMatch(/\ssrc="/);
      expect(script[1]!.trim()).toBe("");
    }
    expect(page).not.toMatch(/<style\b/);
    expect(page).not.toMatch(/\sstyle="/);
  });

  test("loads only hashed files of its own origin, each with Brotli and gzip copies", () => {
    const references = [...html().matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    const assets = references.filter((reference) => reference.startsWith("/assets/"));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/);
    const files = new Set(readdirSync(join(dist, "assets")));
    for (const asset of assets) {
      const name = asset.slice("/assets/".length);
      expect(name).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/);
      expect(files).toContain(name);
      expect(files).toContain(`${name}.br`);
      expect(files).toContain(`${name}.gz`);
    }
  });

  test("inlines no asset as a data: URI (the CSP's img-src and font-src are 'self' only)", () => {
    for (const file of readdirSync(join(dist, "assets")).filter((name) => /\.(js|css)$/.test(name))) {
      expect(readFileSync(join(dist, "assets", file), "utf8")).not.toMatch(/url\(\s*["']?data:/);
    }
  });
});
