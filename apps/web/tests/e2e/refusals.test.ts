import type { Session } from "../../src/api/types";
import { PROBLEM_CODES } from "../../src/i18n/problems";
import { startApi } from "../support/api-server";
import { waitForFocusOn } from "./support/keyboard";
import { signIn, text } from "./support/page";
import { browserSuite } from "./support/suite";

describe("refusals shown as sentences", () => {
  // Event reads are served from the API's own short-lived copy for a minute here, as under a sale's load: the page
  // still shows a seat that another buyer has just taken, and the API's refusal is what tells the buyer.
  const suite = browserSuite({ env: { EVENT_RESPONSE_TTL_MS: "60000" } });
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("operator", "admin");
  });

  const expectNoCode = (shown: string) => {
    for (const code of PROBLEM_CODES) expect(shown).not.toContain(code);
  };

  test.each([
    ["en", "en-US"],
    ["ko", "ko-KR"],
  ] as const)("tells a buyer over the per-buyer limit in a sentence (%s)", async (language, locale) => {
    suite.provoke(409);
    const event = await suite.api.createEvent(admin, {
      eventName: `Limit ${language}`,
      totalSeats: 10,
      maxPerUser: 2,
    });
    const { page } = await suite.open({ locale });
    await signIn(page, `limited-${language}`, { language });
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const quantity = page.getByLabel(text(language, "reserve.quantity"));
    await quantity.locator("option", { hasText: "2" }).waitFor({ state: "attached" });
    await quantity.selectOption("2");
    await page.getByRole("button", { name: text(language, "reserve.submit") }).click();
    await page.getByText(text(language, "reserve.done", { count: 2, name: event.eventName })).waitFor();

    await quantity.selectOption("1");
    await page.getByRole("button", { name: text(language, "reserve.submit") }).click();
    await page.getByRole("alert").getByText(text(language, "problem.E_PER_USER_LIMIT")).waitFor();
    await waitForFocusOn(page, "alert");
    expectNoCode(await page.locator("main").innerText());
  });

  test("tells a buyer the event sold out when the last seat went while the page still showed it", async () => {
    suite.provoke(409);
    const event = await suite.api.createEvent(admin, {
      eventName: "One Seat",
      totalSeats: 1,
      maxPerUser: null,
    });
    const other = await suite.api.signIn("quicker-buyer");
    const { page } = await suite.open();
    await signIn(page, "slower-buyer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const availability = page.getByTestId("availability");
    await availability.getByText(text("en", "events.seatsLeft", { count: 1, total: 1 })).waitFor();

    await suite.api.reserve(other, event.id, 1);
    await page.getByRole("button", { name: text("en", "reserve.submit") }).click();
    await page.getByRole("alert").getByText(text("en", "problem.E_SOLD_OUT")).waitFor();
    await availability.getByText(text("en", "events.soldOut")).waitFor();
    expectNoCode(await page.locator("main").innerText());
  });

  test("says that development sign-in is off when the API refuses it", async () => {
    suite.provoke(404);
    // A second API that signs with a real secret: its development sign-in answers 404.
    const secured = await startApi({
      mode: "embedded",
      env: { JWT_SECRET: "a-real-secret-of-at-least-32-characters!" },
    });
    try {
      const { page } = await suite.open({ api: secured, hash: "#/sign-in" });
      await page.getByLabel(text("en", "signIn.name")).fill("someone");
      await page.getByRole("button", { name: text("en", "signIn.submit"), exact: true }).click();
      await page.getByRole("alert").getByText(text("en", "signIn.devOff")).waitFor();
    } finally {
      await secured.stop();
    }
  });
});
