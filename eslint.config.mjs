import js from "@eslint/js";
import nx from "@nx/eslint-plugin";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/coverage/**",
      "**/.nx/**",
      "**/.jest/**",
      "**/cdktf.out/**",
      "**/.gen/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { "@nx": nx },
    files: ["**/*.ts", "**/*.mts", "**/*.cts", "**/*.js", "**/*.mjs", "**/*.cjs"],
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: "type:redis-script", onlyDependOnLibsWithTags: ["scope:tools"] },
            { sourceTag: "type:lock", onlyDependOnLibsWithTags: ["type:redis-script", "scope:tools"] },
            {
              sourceTag: "type:cache",
              onlyDependOnLibsWithTags: ["type:redis-script", "type:lock", "scope:tools"],
            },
            {
              sourceTag: "type:reservation",
              onlyDependOnLibsWithTags: ["type:redis-script", "type:lock", "type:cache", "scope:tools"],
            },
            {
              sourceTag: "type:waiting-room",
              onlyDependOnLibsWithTags: ["type:redis-script", "scope:tools"],
            },
            {
              sourceTag: "type:rate-limit-store",
              onlyDependOnLibsWithTags: ["type:redis-script", "scope:tools"],
            },
            { sourceTag: "scope:lib", notDependOnLibsWithTags: ["scope:app", "scope:infra"] },
            { sourceTag: "scope:app", onlyDependOnLibsWithTags: ["scope:lib", "scope:tools"] },
            { sourceTag: "scope:infra", onlyDependOnLibsWithTags: ["scope:tools"] },
            {
              sourceTag: "scope:tools",
              onlyDependOnLibsWithTags: ["scope:lib", "scope:app", "scope:infra", "scope:tools"],
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
  {
    files: ["**/*.config.ts", "**/*.config.mjs", "**/*.config.cjs"],
    rules: { "no-restricted-syntax": "off", "@nx/enforce-module-boundaries": "off" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.mjs", "tools/scripts/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
