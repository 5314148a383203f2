// Lets tests import Lua scripts the way tsup's text loader bundles them: as the file's text.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
