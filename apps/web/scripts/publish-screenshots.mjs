#!/usr/bin/env node
// Copies the README's screenshots from apps/web/screenshots (written by tests/e2e/screenshots.test.ts, gitignored)
// to apps/api/docs/screenshots, where they are committed. Run after `npx nx run web:test`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const from = join(import.meta.dirname, "../screenshots");
const to = join(import.meta.dirname, "../../api/docs/screenshots");
const SHOTS = [
  "1-events",
  "2-reserved",
  "3-cancel",
  "4-operator",
  "5-waiting-room",
  "6-hold",
  "7-operator-live",
].flatMap((shot) => ["phone", "desktop"].map((viewport) => `${shot}-${viewport}.png`));

mkdirSync(to, { recursive: true });
const missing = SHOTS.filter((file) => !existsSync(join(from, file)));
if (missing.length > 0) {
  console.error(`missing in ${from}: ${missing.join(", ")} (run npx nx run web:test first)`);
  process.exit(1);
}
for (const file of SHOTS) copyFileSync(join(from, file), join(to, file));
console.log(`copied ${SHOTS.length} screenshots to ${to}`);
