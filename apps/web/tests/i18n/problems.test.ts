import { ApiProblem } from "../../src/api/problem";
import { LANGUAGES } from "../../src/i18n/language";
import { translate } from "../../src/i18n/messages";
import { describeProblem, PROBLEM_CODES } from "../../src/i18n/problems";
import { startApi, type RunningApi } from "../support/api-server";

describe("describeProblem", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ mode: "embedded" });
  });
  afterAll(() => api?.stop());

  test("knows every problem type the running API documents, and no other", async () => {
    const doc = await api.call<{ "x-problem-types": { code: string }[] }>("GET", "/api/openapi.json");
    expect([...PROBLEM_CODES].sort()).toEqual(doc["x-problem-types"].map((type) => type.code).sort());
  });

  test.each(LANGUAGES)("gives each refusal its own sentence, never the code (%s)", (language) => {
    const sentences = PROBLEM_CODES.map((code) =>
      describeProblem(language, new ApiProblem({ code, status: 409, detail: "from the API" })),
    );
    expect(new Set(sentences).size).toBe(PROBLEM_CODES.length);
    for (const [index, sentence] of sentences.entries()) {
      expect(sentence).not.toContain(PROBLEM_CODES[index]);
      expect(sentence).not.toContain("from the API");
      expect(sentence).toMatch(/[.다]$/);
    }
  });

  test("names the status of a code it does not know, and speaks of the network when the server was not reached", () => {
    expect(describeProblem("en", new ApiProblem({ code: "E_NEW_THING", status: 418, detail: "" }))).toBe(
      translate("en", "problem.E_UNEXPECTED_RESPONSE", { status: "418" }),
    );
    expect(describeProblem("ko", new ApiProblem({ code: "E_NETWORK", status: 0, detail: "" }))).toBe(
      translate("ko", "problem.E_NETWORK"),
    );
    expect(describeProblem("en", new Error("boom"))).toBe(translate("en", "problem.E_INTERNAL"));
  });
});
