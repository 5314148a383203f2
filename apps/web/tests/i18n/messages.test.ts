import { LANGUAGES } from "../../src/i18n/language";
import { MESSAGES, translate, type Message, type MessageKey } from "../../src/i18n/messages";

const forms = (message: Message) => (typeof message === "string" ? [message] : [message.one, message.other]);
const placeholders = (message: Message) =>
  new Set(forms(message).flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((match) => match[1])));

describe("the message catalogue", () => {
  const keys = Object.keys(MESSAGES.en) as MessageKey[];

  test("has the same keys in every language, none empty", () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(MESSAGES[language]).sort()).toEqual([...keys].sort());
      for (const key of keys)
        for (const form of forms(MESSAGES[language][key])) expect(form.trim()).not.toBe("");
    }
  });

  test("uses the same placeholders in every language", () => {
    for (const key of keys) {
      for (const language of LANGUAGES) {
        expect([key, language, placeholders(MESSAGES[language][key])]).toEqual([
          key,
          language,
          placeholders(MESSAGES.en[key]),
        ]);
      }
    }
  });
});

describe("translate", () => {
  test("fills placeholders and writes numbers the language's way", () => {
    expect(translate("en", "events.seatsLeft", { count: 1200, total: 5000 })).toBe(
      "1,200 seats left of 5,000",
    );
    expect(translate("ko", "events.seatsLeft", { count: 1200, total: 5000 })).toBe("5,000석 중 1,200석 남음");
  });

  test("picks the singular or plural form by count", () => {
    expect(translate("en", "mine.seats", { count: 1 })).toBe("1 seat");
    expect(translate("en", "mine.seats", { count: 2 })).toBe("2 seats");
    expect(translate("ko", "mine.seats", { count: 1 })).toBe("1매");
  });

  test("leaves a placeholder without a value as it is", () => {
    expect(translate("en", "nav.signedInAs")).toBe("Signed in as {name}");
  });
});
