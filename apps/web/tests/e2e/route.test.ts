import { en } from "./support/page";
import { browserSuite } from "./support/suite";

describe("the route", () => {
  const suite = browserSuite({ mode: "embedded" });

  test("follows a link taken after the first paint and before the page's effects ran", async () => {
    const { page } = await suite.open();
    // With the page's timers and animation frames stopped, the first render is on screen and its effects wait.
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 60_000);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: en("events.title") }).waitFor();

    await page.evaluate(() => {
      location.hash = "#/sign-in";
    });
    await page.clock.runFor(1_000);
    await page.getByRole("heading", { level: 1, name: en("signIn.title") }).waitFor();
  });
});
