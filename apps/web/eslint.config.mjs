import root from "../../eslint.config.mjs";

// The workspace's rules, extended to the page's .tsx files.
export default root.map((config) =>
  config.files?.includes("**/*.ts") ? { ...config, files: [...config.files, "**/*.tsx"] } : config,
);
