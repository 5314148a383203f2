import { defineConfig } from "tsup";

// A private app: ESM only, no declaration files and no package check.
export default defineConfig({
  entry: ["src/main.ts", "src/token.ts", "src/index.ts"],
  format: ["esm"],
  dts: false,
  clean: true,
  sourcemap: true,
  target: "node22",
  splitting: true,
  loader: { ".lua": "text" },
});
