import { synthFullStack } from "../helpers/synth.js";

// The synthesized JSON is deterministic (stubbed cdktn version, hashed logical ids, no timestamps), so any change to
// what would be deployed shows up as a reviewable snapshot diff.
describe("synthesized stacks", () => {
  test.each(["dev", "prod"] as const)("the %s stack matches its snapshot", (preset) => {
    const first = synthFullStack(preset).text;
    expect(synthFullStack(preset).text).toBe(first);
    expect(JSON.parse(first)).toMatchSnapshot();
  });
});
