import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/sqljs.ts", "src/sqs.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node22",
  loader: { ".lua": "text" },
  // The optional driver is loaded on demand: import() in the ESM build, require() in the CommonJS one, where import()
  // would fail under loaders without ESM support (jest's, for one).
  esbuildOptions(options, context) {
    if (context.format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
  },
});
