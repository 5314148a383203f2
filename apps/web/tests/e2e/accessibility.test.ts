import type { Browser, Page } from "playwright-core";
import type { EventView, Session } from "../../src/api/types";
import type { Language } from "../../src/i18n/language";
import { startApi, type RunningApi } from "../support/api-server";
import { axeViolations } from "./support/axe";
import { launchChromium } from "./support/browser";
import { openPage, signIn, text, type ViewportName, type WatchedPage } from "./support/page";

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
  let api: RunningApi;
  let browser: Browser;
  let event: EventView;
  let operator: Session;
  let tab: WatchedPage | undefined;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ mode: "embedded" }), launchChromium()]);
    operator = await api.signIn("a11y-operator", "admin");
    event = await api.createEvent(operator, {
      eventName: "Accessible Concert",
      totalSeats: 50,
      maxPerUser: 4,
    });
    await api.reserve(operator, event.id, 2);
  });
  afterEach(async () => {
    const problems = tab?.problems ?? [];
    await tab?.close();
    tab = undefined;
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  test.each([
    ["en", "en-US", "desktop"],
    ["ko", "ko-KR", "phone"],
  ] as const satisfies readonly (readonly [Language, string, ViewportName])[])(
    "finds no violation in any view (%s, %s, %s)",
    async (language, locale, viewport) => {
      tab = await openPage(browser, api, { locale, viewport });
      const { page } = tab;
      await signIn(page, operator.userId, { operator: true, language });
      const found: Record<string, unknown[]> = {};
      for (const view of VIEWS) {
        await view.open(page, api.url, event, language);
        const violations = await axeViolations(page);
        if (violations.length > 0) found[view.name] = violations;
      }
      expect(found).toEqual({});
    },
  );

  test("the check itself reports a violation when one is on the page", async () => {
    tab = await openPage(browser, api);
    const { page } = tab;
    await page.evaluate(() => document.querySelector("main")?.append(document.createElement("input")));
    expect((await axeViolations(page)).map((violation) => violation.id)).toContain("label");
  });
});
