import type { Session } from "../../src/api/types";
import { admission, join, openRoom, reserveThroughRoom, setAdmissionRate, ticketOf } from "../support/queue";
import { waitForFocus } from "./support/keyboard";
import { en, signIn } from "./support/page";
import { browserSuite } from "./support/suite";

describe("the waiting room", () => {
  const suite = browserSuite();
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("room-operator", "admin");
  });

  test("browses, joins, sees the place move, is admitted, reserves with the admission and pays the hold", async () => {
    // One admission per 100 s: nobody is let in until the operator raises the rate.
    const event = await suite.api.createEvent(admin, {
      eventName: "Queue Opening",
      holdSeconds: 300,
      waitingRoom: openRoom(0.01),
    });
    for (const name of ["early-1", "early-2"]) await join(suite.api, await suite.api.signIn(name), event.id);
    const { page } = await suite.open();
    await signIn(page, "queue-buyer");

    await page.getByRole("link", { name: "Queue Opening" }).click();
    const room = page.getByTestId("waiting-room");
    await room.getByText(en("wait.intro")).waitFor();
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByTestId("queue-position").getByText("3", { exact: true }).waitFor();
    await room
      .getByTestId("queue-ahead")
      .getByText(en("wait.ahead", { count: 2 }))
      .waitFor();
    const eta = room.getByTestId("queue-eta");
    await eta.waitFor();
    expect(await eta.textContent()).toMatch(
      /^Estimated wait: (about \d+ (minutes?|hours?)|still being measured)$/,
    );
    await waitForFocus(page, room.getByRole("heading", { name: en("wait.title") }));

    // Record every place the page shows from now on, then let the line move at one buyer per two seconds.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const record = () => {
        const ahead = document.querySelector("[data-testid=queue-ahead]")?.textContent;
        const progress = document.querySelector("progress");
        const eta = document.querySelector("[data-testid=queue-eta]")?.textContent;
        if (ahead) seen.push(`${ahead} | ${progress?.value}/${progress?.max} | ${eta}`);
      };
      record();
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await setAdmissionRate(suite.api, admin, event, 0.5);
    await room.getByTestId("queue-admitted").waitFor();
    const seen = await page.evaluate(() => [...new Set((window as unknown as { seen: string[] }).seen)]);
    const [first, ...later] = seen.map((line) => line.split(" | "));
    expect(first!.slice(0, 2)).toEqual([en("wait.ahead", { count: 2 }), "0/2"]);
    expect(later.map((line) => line.slice(0, 2))).toContainEqual([en("wait.ahead", { count: 1 }), "1/2"]);
    // The estimate follows the rate: minutes at one admission per 100 s, then less than a minute.
    expect(later.map((line) => line[2])).toContain(en("wait.eta", { eta: en("wait.eta.underMinute") }));
    await room.getByRole("timer", { name: en("wait.turnLeft") }).waitFor();

    await room.getByLabel(en("reserve.quantity")).selectOption("2");
    await room.getByRole("button", { name: en("reserve.submit") }).click();
    const hold = page.getByTestId("hold");
    await hold.getByText(en("hold.held", { count: 2, name: "Queue Opening" })).waitFor();
    const clock = hold.getByRole("timer", { name: en("hold.timeLeft") });
    expect(await clock.textContent()).toMatch(/^[45]:\d\d$/);
    await hold.getByRole("button", { name: en("hold.payFor", { name: "Queue Opening" }) }).click();
    await page
      .getByRole("status")
      .getByText(en("hold.confirmed", { count: 2, name: "Queue Opening" }))
      .waitFor();
    await page
      .getByTestId("availability")
      .getByText(en("events.seatsLeft", { count: 8, total: 10 }))
      .waitFor();
    await room.getByTestId("queue-final").getByText(en("wait.reserved")).waitFor();

    await page.getByRole("link", { name: en("reserve.seeMine") }).click();
    const card = page.locator("[data-reservation]").filter({ hasText: "Queue Opening" });
    await card.getByText(en("status.CONFIRMED"), { exact: true }).waitFor();
  });

  test("shows sold out the moment another buyer takes the last seat, and admits in turn when it comes back", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "One Seat Opening",
      totalSeats: 1,
      holdSeconds: 300,
      waitingRoom: openRoom(1),
    });
    // The other buyer is admitted first: with one seat, one admitted buyer is all the room lets in.
    const other = await suite.api.signIn("seat-taker");
    await join(suite.api, other, event.id);
    const { page } = await suite.open();
    await signIn(page, "too-late");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByTestId("queue-position").getByText("2", { exact: true }).waitFor();

    const taken = await reserveThroughRoom(suite.api, other, event.id, 1);
    await room.getByTestId("queue-sold-out").getByText(en("wait.soldOut")).waitFor();
    await room.getByTestId("queue-announcement").getByText(en("wait.soldOut")).waitFor({ state: "attached" });
    await room.getByRole("button", { name: en("reserve.submit") }).waitFor({ state: "detached" });

    await suite.api.call("DELETE", `/api/reservations/${taken.id}`, { token: other.token });
    await room.getByTestId("queue-admitted").waitFor();
    await room.getByRole("button", { name: en("reserve.submit") }).waitFor();
  });

  test("gives up a turn only after confirming, and the next buyer in line is admitted at once", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Spare Turn",
      totalSeats: 1,
      waitingRoom: openRoom(1000),
    });
    const { page } = await suite.open();
    await signIn(page, "turn-giver");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByTestId("queue-admitted").waitFor();
    // With one seat, one admitted buyer is all the room lets in: the next one waits for this turn.
    const next = await suite.api.signIn("turn-taker");
    await join(suite.api, next, event.id);
    expect((await ticketOf(suite.api, next, event.id)).status).toBe("waiting");

    const giveUp = room.getByRole("button", { name: en("wait.giveUp") });
    await giveUp.click();
    const dialog = page.getByRole("dialog", { name: en("wait.giveUp.title") });
    await dialog.getByRole("button", { name: en("wait.giveUp.keep") }).click();
    await dialog.waitFor({ state: "detached" });
    await waitForFocus(page, giveUp);
    expect((await ticketOf(suite.api, next, event.id)).status).toBe("waiting");

    await giveUp.click();
    await dialog.getByRole("button", { name: en("wait.giveUp") }).click();
    await room.getByTestId("queue-final").getByText(en("wait.abandoned")).waitFor();
    await waitForFocus(page, room.getByRole("heading", { name: en("wait.title") }));
    await room.getByRole("button", { name: en("reserve.submit") }).waitFor({ state: "detached" });
    await admission(suite.api, next, event.id);
  });

  test("says before the opening that early arrivals are put in a random order, and counts down to it", async () => {
    const opensAt = new Date(Date.now() + 10 * 60_000);
    const event = await suite.api.createEvent(admin, {
      eventName: "Later Opening",
      waitingRoom: { opensAt: opensAt.toISOString(), admitPerSecond: 1 },
    });
    const { page } = await suite.open();
    await signIn(page, "early-bird");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByRole("timer", { name: en("wait.opensIn") }).waitFor();
    const sentence = en("wait.preQueue", { time: "TIME" }).split("TIME");
    await room.getByText(sentence[1]!.trim()).waitFor();
    expect(await room.getByTestId("queue-position").count()).toBe(0);
    expect(await room.getByRole("timer").textContent()).toMatch(/^(10:00|9:\d\d)$/);
  });

  test("follows the line by polling at the API's pace when the event stream cannot be opened", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Polled Opening",
      waitingRoom: openRoom(0.01),
    });
    const { page } = await suite.open();
    suite.provoke(503);
    let polls = 0;
    await page.route("**/waiting-room/ticket/stream", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "about:blank",
          title: "Unavailable",
          status: 503,
          code: "E_UNAVAILABLE",
        }),
      }),
    );
    page.on("request", (request) => {
      if (request.method() === "GET" && request.url().endsWith("/waiting-room/ticket")) polls++;
    });
    await signIn(page, "polled-buyer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await room.getByTestId("queue-position").getByText("1", { exact: true }).waitFor();
    await setAdmissionRate(suite.api, admin, event, 10);
    await room.getByTestId("queue-admitted").waitFor();
    expect(polls).toBeGreaterThan(0);
    expect(await room.getByRole("alert").count()).toBe(0);
  });

  test("abandons a join still in flight when the buyer leaves, and opens no stream for it", async () => {
    const event = await suite.api.createEvent(admin, {
      eventName: "Left Opening",
      waitingRoom: openRoom(0.01),
    });
    const { page } = await suite.open();
    await signIn(page, "leaving-buyer");
    await page.goto(`${suite.api.url}/#/events/${event.id}`);
    const streams: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/waiting-room/ticket/stream")) streams.push(request.url());
    });
    // The join is held in the browser until the buyer has left the event's page.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let joinSeen: () => void = () => undefined;
    const joinStarted = new Promise<void>((resolve) => (joinSeen = resolve));
    await page.route("**/waiting-room/ticket", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      joinSeen();
      await held;
      await route.continue().catch(() => undefined);
    });
    const abandoned = page.waitForEvent(
      "requestfailed",
      (request) => request.method() === "POST" && request.url().endsWith("/waiting-room/ticket"),
    );
    const room = page.getByTestId("waiting-room");
    await room.getByRole("button", { name: en("wait.join") }).click();
    await joinStarted;

    await page
      .getByRole("navigation")
      .getByRole("link", { name: en("nav.events") })
      .click();
    await page.getByRole("link", { name: "Left Opening" }).waitFor();
    expect((await abandoned).failure()?.errorText).toBe("net::ERR_ABORTED");
    release();
    await page.unroute("**/waiting-room/ticket");
    // Whatever the page does next reaches the API after anything the join could still have started.
    await page.getByRole("link", { name: "Left Opening" }).click();
    await room.getByRole("button", { name: en("wait.join") }).waitFor();
    expect(streams).toEqual([]);
  });
});
