import type { Browser } from "playwright-core";
import type { Session } from "../../src/api/types";
import { startApi, type RunningApi } from "../support/api-server";
import { launchChromium } from "./support/browser";
import { openPage, signIn, text, type WatchedPage } from "./support/page";

const en = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) => text("en", key, params);

describe("the buyer's flow", () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: Session;
  let tab: WatchedPage | undefined;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchChromium()]);
    admin = await api.signIn("operator", "admin");
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

  test("browses, reserves within the per-buyer limit, finds the reservation and cancels it after confirming", async () => {
    const event = await api.createEvent(admin, {
      eventName: "Browse Concert",
      totalSeats: 10,
      maxPerUser: 4,
    });
    tab = await openPage(browser, api);
    const { page } = tab;
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
    const event = await api.createEvent(admin, {
      eventName: "Live Concert",
      totalSeats: 3,
      maxPerUser: null,
    });
    const other = await api.signIn("buyer-elsewhere");
    tab = await openPage(browser, api);
    const { page } = tab;
    const card = page.locator("li.card").filter({ hasText: "Live Concert" });
    await card.getByText(en("events.seatsLeft", { count: 3, total: 3 })).waitFor();

    await api.reserve(other, event.id, 1);
    await card.getByText(en("events.seatsLeft", { count: 2, total: 3 })).waitFor();
    await api.reserve(other, event.id, 2);
    await card.getByText(en("events.soldOut")).waitFor();
    await page
      .getByRole("status")
      .getByText(en("events.nowSoldOut", { name: "Live Concert" }))
      .waitFor({
        state: "attached",
      });
  });

  test("takes the reservation form away on the event's page the moment it sells out", async () => {
    const event = await api.createEvent(admin, { eventName: "Last Seats", totalSeats: 2, maxPerUser: null });
    const other = await api.signIn("buyer-elsewhere");
    tab = await openPage(browser, api);
    const { page } = tab;
    await signIn(page, "buyer-two");
    await page.goto(`${api.url}/#/events/${event.id}`);
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor();

    await api.reserve(other, event.id, 2);
    await page.getByTestId("availability").getByText(en("events.soldOut")).waitFor();
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor({ state: "detached" });
  });

  test("asks a visitor to sign in before reserving, then returns to the event", async () => {
    const event = await api.createEvent(admin, { eventName: "Sign-in Concert" });
    tab = await openPage(browser, api, { hash: `#/events/${event.id}` });
    const { page } = tab;
    await page.getByRole("link", { name: en("reserve.signInFirst") }).click();
    await page.getByLabel(en("signIn.name")).fill("buyer-three");
    await page.getByRole("button", { name: en("signIn.submit"), exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sign-in Concert" }).waitFor();
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor();
  });
});
