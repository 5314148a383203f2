import { defineConfig } from "vite";

// Served by @ticketing/api at `/` under a CSP of 'self' only: no inlined assets (data: URIs), no inline scripts.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2022",
    sourcemap: false,
    emptyOutDir: true,
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
