import type { Session } from "../../src/api/types";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

describe("the buyer's flow", () => {
  const suite = browserSuite();
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("operator", "admin");
  });

  test("browses, reserves within the per-buyer limit, finds the reservation and cancels it after confirming", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Browse Concert",
      totalSeats: 10,
      maxPerUser: 4,
    });
    const { page } = await suite.open();
    await signIn(page, "buyer-one");

    await page.getByRole("link", { name: "Browse Concert" }).click();
    await page.getByRole("heading", { level: 1, name: "Browse Concert" }).waitFor();
    const availability = page.getByTestId("availability");
    await availability.getByText(en("events.seatsLeft", { count: 10, total: 10 })).waitFor();
    await page.getByText(en("events.limit", { count: 4 })).waitFor();
    const quantity = page.getByLabel(en("reserve.quantity"));
    await quantity.locator("option", { hasText: "4" }).waitFor({ state: "attached" });
    expect(await quantity.locator("option").allTextContents()).toEqual(["1", "2", "3", "4"]);

    await quantity.selectOption("2");
    await page.getByRole("button", { name: en("reserve.submit") }).click();
    await page
      .getByRole("status")
      .getByText(en("reserve.done", { count: 2, name: "Browse Concert" }))
      .waitFor();
    await availability.getByText(en("events.seatsLeft", { count: 8, total: 10 })).waitFor();

    await page.getByRole("link", { name: en("reserve.seeMine") }).click();
    const card = page.locator(`[data-reservation]`).filter({ hasText: "Browse Concert" });
    await card.getByText(en("status.CONFIRMED"), { exact: true }).waitFor();
    await card.getByText(en("mine.seats", { count: 2 })).waitFor();

    const cancelButton = card.getByRole("button", { name: en("mine.cancelFor", { name: "Browse Concert" }) });
    await cancelButton.click();
    const dialog = page.getByRole("dialog", { name: en("cancel.title") });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: en("cancel.keep") }).click();
    await dialog.waitFor({ state: "detached" });
    await card.getByText(en("status.CONFIRMED"), { exact: true }).waitFor();

    await cancelButton.click();
    await dialog.getByRole("button", { name: en("cancel.confirm") }).click();
    await page
      .getByRole("status")
      .getByText(en("cancel.done", { name: "Browse Concert" }))
      .waitFor();
    await card.getByText(en("status.CANCELLED"), { exact: true }).waitFor();
    expect(await card.getByRole("button").count()).toBe(0);

    await card.getByRole("link", { name: "Browse Concert" }).click();
    await availability.getByText(en("events.seatsLeft", { count: 10, total: 10 })).waitFor();
    expect(page.url()).toContain(event.id);
  });

  test("shows seats selling out on the list without a reload, and announces the sell-out", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Live Concert",
      totalSeats: 3,
      maxPerUser: null,
    });
    const other = await suite.api.signIn("buyer-elsewhere");
    const { page } = await suite.open();
    const card = page.locator("li.card").filter({ hasText: "Live Concert" });
    await card.getByText(en("events.seatsLeft", { count: 3, total: 3 })).waitFor();

    await suite.api.reserve(other, event.id, 1);
    await card.getByText(en("events.seatsLeft", { count: 2, total: 3 })).waitFor();
    await suite.api.reserve(other, event.id, 2);
    await card.getByText(en("events.soldOut")).waitFor();
    await page
      .getByRole("status")
      .getByText(en("events.nowSoldOut", { name: "Live Concert" }))
      .waitFor({
        state: "attached",
      });
  });

  test("takes the reservation form away on the event's page the moment it sells out", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Last Seats",
      totalSeats: 2,
      maxPerUser: null,
    });
    const other = await suite.api.signIn("buyer-elsewhere");
    const { page } = await suite.open();
    await signIn(page, "buyer-two");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor();

    await suite.api.reserve(other, event.id, 2);
    await page.getByTestId("availability").getByText(en("events.soldOut")).waitFor();
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor({ state: "detached" });
  });

  test("asks a visitor to sign in before reserving, then returns to the event", async () => {
    const event = await suite.api.createEvent(admin, { eventName: "Sign-in Concert" });
    const { page } = await suite.open({ hash: `#/events/${event.id}` });
    await page.getByRole("link", { name: en("reserve.signInFirst") }).click();
    await page.getByLabel(en("signIn.name")).fill("buyer-three");
    await page.getByRole("button", { name: en("signIn.submit"), exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sign-in Concert" }).waitFor();
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor();
  });
});
