import type { Browser } from "playwright-core";
import type { EventView } from "../../src/api/types";
import { startApi, type RunningApi } from "../support/api-server";
import { launchChromium } from "./support/browser";
import { openPage, signIn, text, type WatchedPage } from "./support/page";

const en = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) => text("en", key, params);

describe("the operator's view", () => {
  let api: RunningApi;
  let browser: Browser;
  let tab: WatchedPage | undefined;
  /** Statuses the test provokes: Chromium logs each refused call as a console error naming its status. */
  let provoked: number[] = [];

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchChromium()]);
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

  test("shows health, creates an event, and follows its seats sold and left as buyers reserve", async () => {
    tab = await openPage(browser, api);
    const { page } = tab;
    await signIn(page, "chief", { operator: true });
    await page.getByRole("heading", { level: 1, name: en("operator.title") }).waitFor();

    const health = page.getByRole("region", { name: en("operator.health") });
    await health.getByText(en("health.UP"), { exact: true }).waitFor();
    expect(await health.getByText(en("health.connected"), { exact: true }).count()).toBe(2);

    const form = page.getByRole("region", { name: en("create.title") });
    await form.getByLabel(en("create.name")).fill("Opening Night");
    await form.getByLabel(en("create.seats")).fill("20");
    await form.getByLabel(en("create.maxPerUser")).fill("4");
    await form.getByRole("button", { name: en("create.submit") }).click();
    await page
      .getByRole("status")
      .getByText(en("create.done", { name: "Opening Night" }))
      .waitFor();

    const row = page.getByRole("row").filter({ hasText: "Opening Night" });
    await row.waitFor();
    const cells = () => row.getByRole("cell").allInnerTexts();
    expect((await cells()).slice(1)).toEqual(["20", "0", "20", "0%"]);

    const { items } = await api.call<{ items: EventView[] }>("GET", "/api/events?limit=100");
    const created = items.find((event) => event.eventName === "Opening Night")!;
    expect(created).toMatchObject({ totalSeats: 20, maxPerUser: 4 });
    await api.reserve(await api.signIn("fan"), created.id, 3);
    await row.getByRole("cell", { name: "17", exact: true }).waitFor();
    expect((await cells()).slice(1)).toEqual(["20", "3", "17", "15%"]);
  });

  test("marks a field the API refuses and says why in a sentence", async () => {
    provoked = [400];
    tab = await openPage(browser, api);
    const { page } = tab;
    await signIn(page, "chief", { operator: true });
    const form = page.getByRole("region", { name: en("create.title") });
    const name = form.getByLabel(en("create.name"));
    await name.fill("   ");
    await form.getByRole("button", { name: en("create.submit") }).click();
    await page.getByRole("alert").getByText(en("problem.E_INVALID_INPUT")).waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(en("field.invalid")).waitFor();
  });

  test("tells a buyer without the admin role that the view is for operators", async () => {
    tab = await openPage(browser, api);
    const { page } = tab;
    await signIn(page, "just-a-fan");
    expect(await page.getByRole("link", { name: en("nav.operator") }).count()).toBe(0);
    await page.goto(`${api.url}/#/operator`);
    await page.getByRole("link", { name: en("operator.adminOnly") }).waitFor();
    expect(await page.getByRole("region", { name: en("create.title") }).count()).toBe(0);
  });
});
