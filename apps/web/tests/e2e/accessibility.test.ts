import type { Page } from "playwright-core";
import type { EventView, Session } from "../../src/api/types";
import type { Language } from "../../src/i18n/language";
import { axeViolations } from "./support/axe";
import { signIn, text, type ViewportName } from "./support/page";
import { browserSuite } from "./support/suite";

/** Each view of the page, reached as a user would, with what must be on screen before it is checked. */
const VIEWS: readonly {
  name: string;
  open(page: Page, url: string, event: EventView, language: Language): Promise<void>;
}[] = [
  {
    name: "events",
    open: async (page, url, event) => {
      await page.goto(`${url}/#/`);
      await page.getByRole("link", { name: event.eventName }).waitFor();
    },
  },
  {
    name: "event with the reservation form",
    open: async (page, url, event, language) => {
      await page.goto(`${url}/#/events/${event.id}`);
      await page.getByRole("button", { name: text(language, "reserve.submit") }).waitFor();
    },
  },
  {
    name: "sign-in",
    open: async (page, url, _event, language) => {
      await page.goto(`${url}/#/sign-in`);
      await page.getByLabel(text(language, "signIn.token")).waitFor();
    },
  },
  {
    name: "my reservations with the cancel dialog open",
    open: async (page, url, event, language) => {
      await page.goto(`${url}/#/me`);
      await page
        .getByRole("button", { name: text(language, "mine.cancelFor", { name: event.eventName }) })
        .click();
      await page.getByRole("dialog").waitFor();
    },
  },
  {
    name: "operator view",
    open: async (page, url, event) => {
      await page.goto(`${url}/#/operator`);
      await page.getByRole("row").filter({ hasText: event.eventName }).waitFor();
    },
  },
];

describe("accessibility (axe-core in Chromium)", () => {
  const suite = browserSuite({ mode: "embedded" });
  let event: EventView;
  let operator: Session;

  beforeAll(async () => {
    operator = await suite.api.signIn("a11y-operator", "admin");
    event = await suite.api.createEvent(operator, {
      eventName: "Accessible Concert",
      totalSeats: 50,
      maxPerUser: 4,
    });
    await suite.api.reserve(operator, event.id, 2);
  });

  test.each([
    ["en", "en-US", "desktop"],
    ["ko", "ko-KR", "phone"],
  ] as const satisfies readonly (readonly [Language, string, ViewportName])[])(
    "finds no violation in any view (%s, %s, %s)",
    async (language, locale, viewport) => {
      const { page } = await suite.open({ locale, viewport });
      await signIn(page, operator.userId, { operator: true, language });
      const found: Record<string, unknown[]> = {};
      for (const view of VIEWS) {
        await view.open(page, suite.api.url, event, language);
        const violations = await axeViolations(page);
        if (violations.length > 0) found[view.name] = violations;
      }
      expect(found).toEqual({});
    },
  );

  test("the check itself reports a violation when one is on the page", async () => {
    const { page } = await suite.open();
    await page.evaluate(() => document.querySelector("main")?.append(document.createElement("input")));
    expect((await axeViolations(page)).map((violation) => violation.id)).toContain("label");
  });
});
