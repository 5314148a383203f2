#!/usr/bin/env node
// The page's weight budget, checked after every build: the gzipped JavaScript and CSS a first visit downloads
// (the .gz copies compress-assets.mjs wrote). A build over budget fails, so the page cannot grow heavy unnoticed.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const BUDGET = { js: 50 * 1024, css: 10 * 1024 };

const assets = join(import.meta.dirname, "../dist/assets");
const sizes = { js: 0, css: 0 };
for (const file of readdirSync(assets)) {
  const kind = /\.(js|css)\.gz$/.exec(file)?.[1];
  if (kind) sizes[kind] += statSync(join(assets, file)).size;
}
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
let over = false;
for (const kind of ["js", "css"]) {
  if (sizes[kind] === 0) {
    console.log(`no gzipped ${kind} found in ${assets}: run compress-assets.mjs first`);
    over = true;
    continue;
  }
  const ok = sizes[kind] <= BUDGET[kind];
  over ||= !ok;
  console.log(`${ok ? "within" : "OVER"} budget: ${kind} ${kB(sizes[kind])} gzipped of ${kB(BUDGET[kind])}`);
}
process.exit(over ? 1 : 0);
