/**
 * Shared jest settings: TypeScript through @swc/jest, NodeNext-style ".js" specifiers mapped back to sources,
 * and a JSON result file per project that `npm test` sums into one closing line.
 */
const path = require("node:path");

module.exports = function preset(projectDir, overrides = {}) {
  return {
    rootDir: projectDir,
    testEnvironment: "node",
    testMatch: ["<rootDir>/tests/**/*.test.ts"],
    transform: {
      "\\.lua$": path.join(__dirname, "tools/scripts/jest-text-transform.cjs"),
      "^.+\\.(t|j)s$": [
        "@swc/jest",
        {
          jsc: { parser: { syntax: "typescript", decorators: false }, target: "es2022" },
          module: { type: "commonjs" },
        },
      ],
    },
    moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
    moduleFileExtensions: ["ts", "js", "cjs", "mjs", "json", "lua"],
    // jose ships ESM only; everything else in node_modules loads as published.
    transformIgnorePatterns: ["/node_modules/(?!(jose)/)"],
    testTimeout: 60_000,
    watchman: false,
    reporters: [
      "default",
      [
        path.join(__dirname, "tools/scripts/jest-summary-reporter.cjs"),
        { outputFile: path.join(projectDir, ".jest/summary.json") },
      ],
    ],
    ...overrides,
  };
};
