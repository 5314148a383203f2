// wasmoon (the embedded mode's Lua VM) loads Node's `module` with a dynamic import(), which jest's CommonJS runtime
// cannot run: it is transformed like jose.
module.exports = require("../../jest.preset.cjs")(__dirname, {
  transformIgnorePatterns: ["/node_modules/(?!(jose|wasmoon)/)"],
});
