import type { Browser } from "playwright-core";
import type { Session } from "../../src/api/types";
import { PROBLEM_CODES } from "../../src/i18n/problems";
import { startApi, type RunningApi } from "../support/api-server";
import { launchChromium } from "./support/browser";
import { openPage, signIn, text, type WatchedPage } from "./support/page";

describe("refusals shown as sentences", () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: Session;
  let tab: WatchedPage | undefined;
  /** Statuses the test provokes: Chromium logs each refused call as a console error naming its status. */
  let provoked: number[] = [];

  beforeAll(async () => {
    // Event reads are served from the API's own short-lived copy for a minute here, as under a sale's load: the page
    // still shows a seat that another buyer has just taken, and the API's refusal is what tells the buyer.
    [api, browser] = await Promise.all([
      startApi({ env: { EVENT_RESPONSE_TTL_MS: "60000" } }),
      launchChromium(),
    ]);
    admin = await api.signIn("operator", "admin");
  });
  afterEach(async () => {
    const problems = tab?.problems ?? [];
    const expected = provoked.map((status) => `status of ${status}`);
    await tab?.close();
    tab = undefined;
    provoked = [];
    expect(problems.filter((problem) => !expected.some((status) => problem.includes(status)))).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  const expectNoCode = async (tabText: string) => {
    for (const code of PROBLEM_CODES) expect(tabText).not.toContain(code);
  };

  test.each([
    ["en", "en-US"],
    ["ko", "ko-KR"],
  ] as const)("tells a buyer over the per-buyer limit in a sentence (%s)", async (language, locale) => {
    provoked = [409];
    const event = await api.createEvent(admin, {
      eventName: `Limit ${language}`,
      totalSeats: 10,
      maxPerUser: 2,
    });
    tab = await openPage(browser, api, { locale });
    const { page } = tab;
    await signIn(page, `limited-${language}`, { language });
    await page.goto(`${api.url}/#/events/${event.id}`);
    const quantity = page.getByLabel(text(language, "reserve.quantity"));
    await quantity.locator("option", { hasText: "2" }).waitFor({ state: "attached" });
    await quantity.selectOption("2");
    await page.getByRole("button", { name: text(language, "reserve.submit") }).click();
    await page.getByText(text(language, "reserve.done", { count: 2, name: event.eventName })).waitFor();

    await quantity.selectOption("1");
    await page.getByRole("button", { name: text(language, "reserve.submit") }).click();
    const alert = page.getByRole("alert");
    await alert.getByText(text(language, "problem.E_PER_USER_LIMIT")).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("alert");
    await expectNoCode(await page.locator("main").innerText());
  });

  test("tells a buyer the event sold out when the last seat went while the page still showed it", async () => {
    provoked = [409];
    const event = await api.createEvent(admin, { eventName: "One Seat", totalSeats: 1, maxPerUser: null });
    const other = await api.signIn("quicker-buyer");
    tab = await openPage(browser, api);
    const { page } = tab;
    await signIn(page, "slower-buyer");
    await page.goto(`${api.url}/#/events/${event.id}`);
    await page
      .getByTestId("availability")
      .getByText(text("en", "events.seatsLeft", { count: 1, total: 1 }))
      .waitFor();

    await api.reserve(other, event.id, 1);
    await page.getByRole("button", { name: text("en", "reserve.submit") }).click();
    await page.getByRole("alert").getByText(text("en", "problem.E_SOLD_OUT")).waitFor();
    await page.getByTestId("availability").getByText(text("en", "events.soldOut")).waitFor();
    await expectNoCode(await page.locator("main").innerText());
  });

  test("says that development sign-in is off when the API refuses it", async () => {
    // A second API that signs with a real secret: its development sign-in answers 404.
    provoked = [404];
    const secured = await startApi({
      mode: "embedded",
      env: { JWT_SECRET: "a-real-secret-of-at-least-32-characters!" },
    });
    try {
      tab = await openPage(browser, secured, { hash: "#/sign-in" });
      const { page } = tab;
      await page.getByLabel(text("en", "signIn.name")).fill("someone");
      await page.getByRole("button", { name: text("en", "signIn.submit"), exact: true }).click();
      await page.getByRole("alert").getByText(text("en", "signIn.devOff")).waitFor();
    } finally {
      await secured.stop();
    }
  });
});
