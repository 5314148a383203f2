import { waitUntil } from "@ticketing/testing";
import type { Reservation, Session } from "../../src/api/types";
import { waitForFocus } from "./support/keyboard";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

/** The shortest hold the API allows (RESERVATION_LIMITS.holdSecondsMin). */
const SHORTEST_HOLD_SECONDS = 1;

describe("seat holds", () => {
  const suite = browserSuite();
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("hold-operator", "admin");
  });

  test("counts a hold down to zero, then says it expired and its seats went back, and offers the way back", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Short Hold",
      totalSeats: 5,
      holdSeconds: SHORTEST_HOLD_SECONDS,
    });
    const { page } = await suite.open();
    await signIn(page, "slow-payer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    await page.getByLabel(en("reserve.quantity")).selectOption("2");
    await page.getByRole("button", { name: en("reserve.submit") }).click();

    const hold = page.getByTestId("hold");
    await hold.getByRole("heading", { name: en("hold.title") }).waitFor();
    const expired = hold.getByRole("alert").filter({ hasText: en("hold.expired") });
    await expired.waitFor();
    await waitForFocus(page, expired);
    await page
      .getByTestId("availability")
      .getByText(en("events.seatsLeft", { count: 5, total: 5 }))
      .waitFor();

    await hold.getByRole("button", { name: en("hold.back") }).click();
    await page.getByRole("button", { name: en("reserve.submit") }).waitFor();
    const [mine] = (
      await suite.api.call<{ items: Reservation[] }>("GET", "/api/reservations/user/slow-payer", {
        token: (await suite.api.signIn("slow-payer")).token,
      })
    ).items;
    expect(mine).toMatchObject({ status: "EXPIRED", quantity: 2 });
  });

  test("shows holds with their countdown in my reservations, pays one, cancels another, and shows an expired one", async () => {
    const buyer = await suite.api.signIn("hold-keeper");
    const event = await suite.api.createEvent(admin, {
      eventName: "Held Gala",
      holdSeconds: 300,
      maxPerUser: null,
    });
    const brief = await suite.api.createEvent(admin, {
      eventName: "Brief Gala",
      holdSeconds: SHORTEST_HOLD_SECONDS,
    });
    const reserve = (eventId: string, quantity: number) =>
      suite.api.call<Reservation>("POST", "/api/reservations", {
        token: buyer.token,
        body: { eventId, quantity },
      });
    const toPay = await reserve(event.id, 1);
    const toCancel = await reserve(event.id, 3);
    const toExpire = await reserve(brief.id, 1);
    await waitUntil(
      async () =>
        (
          await suite.api.call<Reservation>("GET", `/api/reservations/${toExpire.id}`, {
            token: buyer.token,
          })
        ).status === "EXPIRED",
      20_000,
      "the brief hold expired",
    );

    const { page } = await suite.open();
    await signIn(page, "hold-keeper");
    await page.goto(`${suite.api.url}/#/me`);
    const card = (reservation: Reservation) => page.locator(`[data-reservation="${reservation.id}"]`);
    await card(toExpire).getByText(en("status.EXPIRED"), { exact: true }).waitFor();
    expect(await card(toExpire).getByRole("button").count()).toBe(0);
    for (const held of [toPay, toCancel]) {
      await card(held).getByText(en("status.HELD"), { exact: true }).waitFor();
      expect(
        await card(held)
          .getByRole("timer", { name: en("hold.timeLeft") })
          .textContent(),
      ).toMatch(/^[45]:\d\d$/);
    }

    await card(toPay)
      .getByRole("button", { name: en("hold.payFor", { name: "Held Gala" }) })
      .click();
    await page
      .getByRole("status")
      .getByText(en("hold.confirmed", { count: 1, name: "Held Gala" }))
      .waitFor();
    await card(toPay).getByText(en("status.CONFIRMED"), { exact: true }).waitFor();
    expect(await card(toPay).getByRole("timer").count()).toBe(0);

    await card(toCancel)
      .getByRole("button", { name: en("mine.cancelFor", { name: "Held Gala" }) })
      .click();
    const dialog = page.getByRole("dialog", { name: en("cancel.title") });
    await dialog.getByRole("button", { name: en("cancel.confirm") }).click();
    await page
      .getByRole("status")
      .getByText(en("cancel.done", { name: "Held Gala" }))
      .waitFor();
    await card(toCancel).getByText(en("status.CANCELLED"), { exact: true }).waitFor();
    expect(await card(toCancel).getByRole("button").count()).toBe(0);
    // Event reads may be the API's copy of a moment ago: wait for the cancelled hold's seats to show.
    await waitUntil(
      async () =>
        (await suite.api.call<{ availableSeats: number }>("GET", `/api/events/${event.id}`))
          .availableSeats === 9,
      20_000,
      "the cancelled hold's 3 seats back on sale",
    );
  });

  test("counts a hold down on the server's clock when the browser's clock runs ten minutes fast", async () => {
    const event = await suite.api.createEvent(admin, { eventName: "Fast Clock Gala", holdSeconds: 300 });
    const { page } = await suite.open();
    // The browser's clock, ten minutes ahead of the server's, runs on from there (the clock is not paused).
    await page.clock.install({ time: Date.now() + 10 * 60_000 });
    await page.reload();
    await signIn(page, "fast-clock");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    await page.getByRole("button", { name: en("reserve.submit") }).click();

    const hold = page.getByTestId("hold");
    const clock = hold.getByRole("timer", { name: en("hold.timeLeft") });
    await clock.waitFor();
    expect(await clock.textContent()).toMatch(/^[45]:\d\d$/);
    await hold.getByRole("button", { name: en("hold.payFor", { name: "Fast Clock Gala" }) }).click();
    await page
      .getByRole("status")
      .getByText(en("hold.confirmed", { count: 1, name: "Fast Clock Gala" }))
      .waitFor();
  });
});
