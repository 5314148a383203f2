module.exports = require("../../jest.preset.cjs")(__dirname, {
  // Each end-to-end file runs its own API process and Chromium; two at once is what a 2-core machine takes.
  maxWorkers: 2,
});
