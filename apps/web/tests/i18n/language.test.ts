import { initialLanguage, pickLanguage, rememberLanguage } from "../../src/i18n/language";

describe("pickLanguage", () => {
  test.each([
    [["ko-KR", "en-US"], "ko"],
    [["KO"], "ko"],
    [["en-GB", "ko"], "en"],
    [["de-DE", "ko-KR"], "ko"],
    [["de-DE", "fr"], "en"],
    [[], "en"],
  ] as const)("picks from %j: %s", (preferred, language) => {
    expect(pickLanguage(preferred)).toBe(language);
  });
});

describe("initialLanguage", () => {
  const memory = () => {
    const values = new Map<string, string>();
    return {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
  };

  test("prefers the language chosen with the switch over the browser's", () => {
    const storage = memory();
    rememberLanguage(storage, "ko");
    expect(initialLanguage(storage, ["en-US"])).toBe("ko");
  });

  test("ignores a stored value that is not a language of the page", () => {
    const storage = memory();
    storage.setItem("ticketing.language", "fr");
    expect(initialLanguage(storage, ["ko-KR"])).toBe("ko");
  });
});
