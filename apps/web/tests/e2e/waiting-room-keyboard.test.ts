import { join, openRoom, setAdmissionRate } from "../support/queue";
import { focused, isFocused, tabTo, waitForFocus, waitForFocusOn } from "./support/keyboard";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

describe("keyboard only through the waiting room and the hold", () => {
  const suite = browserSuite({ mode: "embedded" });

  test("joins, waits, reserves once admitted and pays with Tab, Enter and arrows, the focus always visible", async () => {
    const admin = await suite.api.signIn("keyboard-operator", "admin");
    const event = await suite.api.createEvent(admin, {
      eventName: "Keyboard Opening",
      holdSeconds: 300,
      waitingRoom: openRoom(0.01),
    });
    await join(suite.api, await suite.api.signIn("keyboard-early"), event.id);
    const { page } = await suite.open();
    const keyboard = page.keyboard;
    await signIn(page, "keyboard-queuer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);

    const joinButton = page.getByRole("button", { name: en("wait.join") });
    await joinButton.waitFor();
    await tabTo(page, joinButton);
    expect((await focused(page)).outline).not.toBe("none");
    await keyboard.press("Enter");
    await page
      .getByTestId("queue-ahead")
      .filter({ hasText: en("wait.ahead", { count: 1 }) })
      .waitFor();
    await waitForFocus(page, page.getByRole("heading", { name: en("wait.title") }));
    expect(await focused(page)).toMatchObject({ role: "h2", text: en("wait.title") });

    await setAdmissionRate(suite.api, admin, event, 10);
    const quantity = page.getByLabel(en("reserve.quantity"));
    await quantity.locator("option", { hasText: "2" }).waitFor({ state: "attached" });
    // The focus stayed where it was: the next Tab stops reach the form that appeared below it.
    await tabTo(page, quantity, 5);
    await keyboard.press("ArrowDown");
    expect(await quantity.inputValue()).toBe("2");
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "button", text: en("reserve.submit") });
    await keyboard.press("Enter");

    await page.getByText(en("hold.held", { count: 2, name: "Keyboard Opening" })).waitFor();
    await waitForFocusOn(page, "status");
    const pay = page.getByRole("button", { name: en("hold.payFor", { name: "Keyboard Opening" }) });
    await keyboard.press("Tab");
    expect(await isFocused(pay)).toBe(true);
    expect((await focused(page)).outline).not.toBe("none");
    await keyboard.press("Enter");
    await page.getByText(en("hold.confirmed", { count: 2, name: "Keyboard Opening" })).waitFor();
    await waitForFocusOn(page, "status");
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ role: "a", text: en("reserve.seeMine") });
  });
});
