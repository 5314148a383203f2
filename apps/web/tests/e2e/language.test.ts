import { text } from "./support/page";
import { browserSuite } from "./support/suite";

describe("language", () => {
  const suite = browserSuite({ mode: "embedded" });

  test.each([
    ["ko-KR", "ko"],
    ["ko", "ko"],
    ["en-GB", "en"],
    ["de-DE", "en"],
  ] as const)("a browser preferring %s gets the page in %s", async (locale, language) => {
    const { page } = await suite.open({ locale });
    await page.getByRole("heading", { level: 1, name: text(language, "events.title") }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await page.getByRole("link", { name: text(language, "nav.mine") }).waitFor();
    expect(await page.title()).toBe(`${text(language, "events.title")} · ${text(language, "app.title")}`);
  });

  test("switches language with the switch and keeps the choice after a reload", async () => {
    const { page } = await suite.open({ locale: "en-US", hash: "#/sign-in" });
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
