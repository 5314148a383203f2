#!/usr/bin/env node
// Writes a Brotli (.br) and a gzip (.gz) copy beside each hashed script and style sheet, once at build time, so the
// API sends them compressed without compressing on each request.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const assets = join(import.meta.dirname, "../dist/assets");
for (const file of readdirSync(assets)) {
  if (!/\.(js|css)$/.test(file)) continue;
  const body = readFileSync(join(assets, file));
  writeFileSync(
    join(assets, `${file}.br`),
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(join(assets, `${file}.gz`), gzipSync(body, { level: 9 }));
}
