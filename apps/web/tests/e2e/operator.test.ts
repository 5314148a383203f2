import type { EventView } from "../../src/api/types";
import { waitForLimits } from "./support/live-view";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

describe("the operator's view", () => {
  const suite = browserSuite();

  test("shows health, creates an event, and follows its seats sold and left as buyers reserve", async () => {
    const { page } = await suite.open();
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

    const { items } = await suite.api.call<{ items: EventView[] }>("GET", "/api/events?limit=100");
    const created = items.find((event) => event.eventName === "Opening Night")!;
    expect(created).toMatchObject({ totalSeats: 20, maxPerUser: 4 });
    await suite.api.reserve(await suite.api.signIn("fan"), created.id, 3);
    await row.getByRole("cell", { name: "17", exact: true }).waitFor();
    expect((await cells()).slice(1)).toEqual(["20", "3", "17", "15%"]);
  });

  test("marks a blank name before sending, and a field the API refuses, each with a sentence", async () => {
    suite.provoke(400);
    const { page } = await suite.open();
    await signIn(page, "chief", { operator: true });
    const form = page.getByRole("region", { name: en("create.title") });
    await waitForLimits(form);
    const name = form.getByLabel(en("create.name"));
    await name.fill("   ");
    await form.getByRole("button", { name: en("create.submit") }).click();
    await page
      .getByRole("alert")
      .getByText(en("create.check", { count: 1 }))
      .waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    const sentence = form.locator(`#${await name.getAttribute("aria-describedby")}`);
    expect(await sentence.innerText()).toMatch(/^Enter a name of 1 to [\d,]+ characters\.$/);

    // the form does not look for control characters: the API does
    await name.fill("Opening\u0007Night");
    await form.getByRole("button", { name: en("create.submit") }).click();
    await page.getByRole("alert").getByText(en("problem.E_INVALID_INPUT")).waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await sentence.innerText()).toMatch(/^Enter a name of 1 to [\d,]+ characters\.$/);
  });

  test("tells a buyer without the admin role that the view is for operators", async () => {
    const { page } = await suite.open();
    await signIn(page, "just-a-fan");
    expect(await page.getByRole("link", { name: en("nav.operator") }).count()).toBe(0);
    await page.goto(`${suite.api.url}/#/operator`);
    await page.getByRole("link", { name: en("operator.adminOnly") }).waitFor();
    expect(await page.getByRole("region", { name: en("create.title") }).count()).toBe(0);
  });
});
