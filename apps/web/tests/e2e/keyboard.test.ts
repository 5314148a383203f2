import { focused, isFocused, tabTo, waitForFocus, waitForFocusOn } from "./support/keyboard";
import { en, text } from "./support/page";
import { browserSuite } from "./support/suite";

describe("keyboard only", () => {
  const suite = browserSuite();

  test("signs in, reserves, cancels after confirming and switches language without a pointer", async () => {
    const admin = await suite.api.signIn("operator", "admin");
    await suite.api.createEvent(admin, { eventName: "Keyboard Concert", totalSeats: 6, maxPerUser: 3 });
    const { page } = await suite.open();
    const keyboard = page.keyboard;

    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "a", text: en("app.skip") });
    await keyboard.press("Enter");
    expect(await isFocused(page.locator("main"))).toBe(true);

    await tabTo(page, page.getByRole("link", { name: en("nav.signIn") }));
    expect((await focused(page)).outline).not.toBe("none");
    await keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: en("signIn.title") }).waitFor();
    expect(await focused(page)).toMatchObject({ role: "h1", text: en("signIn.title") });
    await keyboard.press("Tab");
    expect(await isFocused(page.getByLabel(en("signIn.name")))).toBe(true);
    await keyboard.type("keyboard-buyer");
    await tabTo(page, page.getByRole("button", { name: en("signIn.submit"), exact: true }));
    await keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: en("events.title") }).waitFor();
    await page.getByText(en("nav.signedInAs", { name: "keyboard-buyer" })).waitFor();

    const eventLink = page.getByRole("link", { name: "Keyboard Concert" });
    await eventLink.waitFor();
    await tabTo(page, eventLink);
    await keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Keyboard Concert" }).waitFor();
    expect(await focused(page)).toMatchObject({ role: "h1", text: "Keyboard Concert" });

    const quantity = page.getByLabel(en("reserve.quantity"));
    await quantity.locator("option", { hasText: "3" }).waitFor({ state: "attached" });
    await tabTo(page, quantity);
    await keyboard.press("ArrowDown");
    expect(await quantity.inputValue()).toBe("2");
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "button", text: en("reserve.submit") });
    await keyboard.press("Enter");
    await page.getByText(en("reserve.done", { count: 2, name: "Keyboard Concert" })).waitFor();
    await waitForFocusOn(page, "status");

    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "a", text: en("reserve.seeMine") });
    await keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: en("mine.title") }).waitFor();

    const cancel = page.getByRole("button", { name: en("mine.cancelFor", { name: "Keyboard Concert" }) });
    await cancel.waitFor();
    await tabTo(page, cancel);
    await keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: en("cancel.title") });
    await dialog.waitFor();
    expect(await focused(page)).toMatchObject({ role: "button", text: en("cancel.keep") });
    await keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await waitForFocus(page, cancel);

    await keyboard.press("Enter");
    await dialog.waitFor();
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "button", text: en("cancel.confirm") });
    await keyboard.press("Enter");
    await page.getByText(en("cancel.done", { name: "Keyboard Concert" })).waitFor();
    await waitForFocusOn(page, "status");
    await page.getByText(en("status.CANCELLED"), { exact: true }).waitFor();

    await tabTo(page, page.getByRole("button", { name: "한국어" }));
    await keyboard.press("Space");
    await page.getByRole("heading", { level: 1, name: text("ko", "mine.title") }).waitFor();
  });
});
