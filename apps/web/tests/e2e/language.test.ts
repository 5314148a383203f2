import type { Browser } from "playwright-core";
import { startApi, type RunningApi } from "../support/api-server";
import { launchChromium } from "./support/browser";
import { openPage, text, type WatchedPage } from "./support/page";

describe("language", () => {
  let api: RunningApi;
  let browser: Browser;
  let tab: WatchedPage | undefined;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ mode: "embedded" }), launchChromium()]);
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
    ["ko-KR", "ko"],
    ["ko", "ko"],
    ["en-GB", "en"],
    ["de-DE", "en"],
  ] as const)("a browser preferring %s gets the page in %s", async (locale, language) => {
    tab = await openPage(browser, api, { locale });
    const { page } = tab;
    await page.getByRole("heading", { level: 1, name: text(language, "events.title") }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await page.getByRole("link", { name: text(language, "nav.mine") }).waitFor();
    expect(await page.title()).toBe(`${text(language, "events.title")} · ${text(language, "app.title")}`);
  });

  test("switches language with the switch and keeps the choice after a reload", async () => {
    tab = await openPage(browser, api, { locale: "en-US", hash: "#/sign-in" });
    const { page } = tab;
    const korean = page.getByRole("button", { name: "한국어" });
    expect(await korean.getAttribute("aria-pressed")).toBe("false");
    await korean.click();
    await page.getByRole("heading", { level: 1, name: text("ko", "signIn.title") }).waitFor();
    expect(await korean.getAttribute("aria-pressed")).toBe("true");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    await page.getByLabel(text("ko", "signIn.name")).waitFor();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: text("ko", "signIn.title") }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: text("en", "signIn.title") }).waitFor();
  });
});
