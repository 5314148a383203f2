import type { Reservation, Session } from "../../src/api/types";
import { openRoom } from "../support/queue";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

describe("reserving again after a lost answer", () => {
  const suite = browserSuite();
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("retry-operator", "admin");
  });

  test("sends the same Idempotency-Key again and is answered with the reservation the lost request made", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Lost Answer Opening",
      holdSeconds: 300,
      waitingRoom: openRoom(10),
    });
    const { page } = await suite.open();
    await signIn(page, "unlucky-buyer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByTestId("queue-admitted").waitFor();

    // The first request reaches the API, which reserves; its answer is lost on the way back to the browser.
    const keys: string[] = [];
    let made: Reservation | undefined;
    await page.route("**/api/reservations", async (route) => {
      keys.push((await route.request().headerValue("idempotency-key")) ?? "");
      if (made) return route.continue();
      made = (await (await route.fetch()).json()) as Reservation;
      await route.abort("aborted");
    });
    await room.getByLabel(en("reserve.quantity")).selectOption("2");
    await room.getByRole("button", { name: en("reserve.submit") }).click();
    await page.getByRole("alert").waitFor();
    expect(made).toMatchObject({ status: "HELD", quantity: 2 });

    const answer = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/reservations"),
    );
    await room.getByRole("button", { name: en("reserve.submit") }).click();
    const replayed = await answer;
    expect(replayed.status()).toBe(200);
    expect(((await replayed.json()) as Reservation).id).toBe(made!.id);
    await page
      .getByTestId("hold")
      .getByText(en("hold.held", { count: 2, name: "Lost Answer Opening" }))
      .waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});
