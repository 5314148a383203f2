#!/usr/bin/env node
// Package-quality gate run by every library's build: packs the package exactly as `npm publish` would, then
// runs publint and @arethetypeswrong/cli on that tarball. Any error fails the build.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const out = mkdtempSync(join(tmpdir(), "pack-"));
try {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd, encoding: "utf8" }),
  );
  const tarball = join(out, packed.filename);
  const leaked = packed.files.map((f) => f.path).filter((p) => /^(src|tests|bench)\//.test(p));
  if (leaked.length > 0) throw new Error(`${pkg.name}: the tarball leaks sources: ${leaked.join(", ")}`);

  const bytes = readFileSync(tarball);
  const { messages } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
  });
  for (const message of messages) console.log(`publint ${message.type}: ${formatMessage(message, pkg)}`);
  const publintErrors = messages.filter((m) => m.type === "error").length;

  const bin = join(import.meta.dirname, "../../node_modules/.bin/attw");
  let attwFailed = false;
  try {
    execFileSync(bin, [tarball, "--format", "table-flipped"], { stdio: "inherit" });
  } catch {
    attwFailed = true;
  }
  if (publintErrors > 0 || attwFailed) {
    console.error(
      `${pkg.name}: package check failed (publint errors: ${publintErrors}, attw: ${attwFailed ? "failed" : "ok"})`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      `${pkg.name}@${pkg.version}: publint and attw pass on ${packed.filename} (${packed.files.length} files)`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
