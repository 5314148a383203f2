import type { EventView, Session } from "../../src/api/types";
import { limitsFrom, type EventLimits } from "../../src/views/operator/event-limits";
import { openRoom } from "../support/queue";
import { axeViolations } from "./support/axe";
import { focused, isFocused, shiftTabTo, tabTo, waitForFocusOn } from "./support/keyboard";
import {
  figure,
  livePanel,
  localInputFromNow,
  waitForChoice,
  waitForFigure,
  waitForLimits,
} from "./support/live-view";
import { en, signIn, text } from "./support/page";
import { roomBuyer } from "./support/room-buyers";
import { browserSuite } from "./support/suite";

/** Some figure other than zero, however the language writes it. */
const NOT_ZERO = /^(?!0$)\d/;

describe("the operator's live view", () => {
  const suite = browserSuite();
  let limits: EventLimits;

  beforeAll(async () => {
    limits = limitsFrom(await suite.api.call("GET", "/api/openapi.json"));
  });

  const findEvent = async (name: string) => {
    const { items } = await suite.api.call<{ items: EventView[] }>("GET", "/api/events?limit=100");
    const event = items.find((item) => item.eventName === name);
    if (!event) throw new Error(`no event named ${name}`);
    return event;
  };

  test("creates an event with holds and a waiting room, then follows buyers queueing, holding and paying", async () => {
    const { page } = await suite.open();
    await signIn(page, "chief", { operator: true });
    await page.getByRole("heading", { level: 1, name: en("operator.title") }).waitFor();

    const form = page.getByRole("region", { name: en("create.title") });
    await form.getByLabel(en("create.name")).fill("Live Night");
    await form.getByLabel(en("create.seats")).fill("10");
    await form.getByLabel(en("create.maxPerUser")).fill("4");
    await form.getByLabel(en("create.holdSeconds")).fill("600");
    await form.getByLabel(en("create.room")).check();
    const opensAt = await localInputFromNow(page, 3_600_000);
    await form.getByLabel(en("create.opensAt")).fill(opensAt);
    await form.getByLabel(en("create.admitPerSecond")).fill("100");
    await form.getByLabel(en("create.overbooking")).fill("1");
    await form.getByRole("button", { name: en("create.submit") }).click();
    await form
      .getByRole("status")
      .getByText(en("create.done", { name: "Live Night" }))
      .waitFor();

    const event = await findEvent("Live Night");
    expect(event).toMatchObject({
      totalSeats: 10,
      maxPerUser: 4,
      holdSeconds: 600,
      waitingRoom: { admitPerSecond: 100, overbooking: 1 },
    });
    // the opening the operator typed, in the browser's own zone, is the instant the API stored
    const typed = await page.evaluate((value) => new Date(value).getTime(), opensAt);
    expect(Date.parse(event.waitingRoom!.opensAt)).toBe(typed);

    const live = livePanel(page);
    await waitForChoice(live, en("live.choose"), event.id);
    await waitForFigure(live, en("live.available"), "10");
    expect(await figure(live, en("live.sold")).innerText()).toBe("0");
    expect(await figure(live, en("live.held")).innerText()).toBe("0");
    expect(await figure(live, en("live.waiting")).innerText()).toBe("0");
    expect(await figure(live, en("live.p99")).innerText()).toBe(en("live.noRequests"));

    // two buyers join before the opening: they wait in line
    const [ana, ben] = await Promise.all([
      roomBuyer(suite.api, "ana", event.id),
      roomBuyer(suite.api, "ben", event.id),
    ]);
    await ana.join();
    await ben.join();
    await waitForFigure(live, en("live.waiting"), "2");

    // the operator opens the sale now: both are admitted
    const admin = await suite.api.signIn("chief", "admin");
    await suite.api.call("PUT", `/api/events/${event.id}/waiting-room`, {
      token: admin.token,
      body: { opensAt: new Date(Date.now() - 1000).toISOString(), admitPerSecond: 100, overbooking: 1 },
    });
    const [anaToken, benToken] = await Promise.all([ana.admission(), ben.admission()]);
    await waitForFigure(live, en("live.admittedTotal"), "2");
    await waitForFigure(live, en("live.waiting"), "0");
    await waitForFigure(live, en("live.admitted"), "2");

    // a hold, then its payment
    const hold = await ana.reserve(3, anaToken);
    expect(hold.status).toBe("HELD");
    await waitForFigure(live, en("live.held"), "3");
    await waitForFigure(live, en("live.available"), "7");
    await waitForFigure(live, en("live.admitted"), "1");
    await ana.confirm(hold);
    await waitForFigure(live, en("live.sold"), "3");
    await waitForFigure(live, en("live.held"), "0");

    await ben.confirm(await ben.reserve(2, benToken));
    await waitForFigure(live, en("live.sold"), "5");
    await waitForFigure(live, en("live.available"), "5");
    await waitForFigure(live, en("live.reservationsPerSecond"), NOT_ZERO);
    await waitForFigure(live, en("live.p99"), /^\d[\d,]* ms$/);
    expect(await figure(live, en("live.errorRate")).innerText()).toBe(en("live.percent", { value: 0 }));

    // the chart, and the same readings as a table
    await live.getByRole("img", { name: new RegExp(en("live.chartSeats")) }).waitFor();
    await live.getByRole("img", { name: new RegExp(en("live.chartRate", { max: "" }).trim()) }).waitFor();
    await live.getByText(en("live.readings")).click();
    const readings = live.getByRole("group", { name: en("live.readings") });
    // a header row and one row per reading, the newest first
    await readings.getByRole("row").nth(2).waitFor();
    expect(await readings.getByRole("row").nth(1).getByRole("cell").first().innerText()).toBe("5");
  });

  test("says in a sentence why a field is wrong, before sending and when the API refuses it, in Korean too", async () => {
    suite.provoke(400);
    const { page } = await suite.open({ locale: "ko-KR" });
    const ko = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) =>
      text("ko", key, params);
    await signIn(page, "chief-ko", { operator: true, language: "ko" });
    const form = page.getByRole("region", { name: ko("create.title") });
    await waitForLimits(form);

    await form.getByLabel(ko("create.name")).fill("공연");
    await form.getByLabel(ko("create.holdSeconds")).fill(String(limits.holdSeconds.max + 1));
    await form.getByLabel(ko("create.room")).check();
    await form.getByLabel(ko("create.overbooking")).fill("0.5");
    await form.getByRole("button", { name: ko("create.submit") }).click();
    await form
      .getByRole("alert")
      .getByText(ko("create.check", { count: 2 }))
      .waitFor();
    const hold = form.getByLabel(ko("create.holdSeconds"));
    expect(await hold.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(ko("invalid.holdSeconds", { ...limits.holdSeconds })).waitFor();
    await form.getByText(ko("invalid.overbooking", { ...limits.overbooking })).waitFor();

    // a control character passes the form's checks; the API refuses it
    await hold.fill("");
    await form.getByLabel(ko("create.overbooking")).fill("1");
    const name = form.getByLabel(ko("create.name"));
    await name.fill("공연\u0007");
    await form.getByRole("button", { name: ko("create.submit") }).click();
    await form.getByRole("alert").getByText(ko("problem.E_INVALID_INPUT")).waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(ko("invalid.eventName", { max: limits.eventNameMaxLength })).waitFor();
    expect(await hold.getAttribute("aria-invalid")).toBe("false");
  });

  test("creates an event with a waiting room by keyboard alone", async () => {
    const { page } = await suite.open();
    await signIn(page, "keys", { operator: true });
    await page.getByRole("heading", { level: 1, name: en("operator.title") }).waitFor();
    const keyboard = page.keyboard;
    const form = page.getByRole("region", { name: en("create.title") });
    const name = form.getByLabel(en("create.name"));
    await form.getByText(en("create.holdSecondsHint", { ...limits.holdSeconds })).waitFor();

    // Enter with the name empty: the sentence takes the focus, and the next Tab is the field to fix
    await tabTo(page, name);
    expect((await focused(page)).outline).not.toBe("none");
    await keyboard.press("Enter");
    await form
      .getByRole("alert")
      .getByText(en("create.check", { count: 1 }))
      .waitFor();
    await waitForFocusOn(page, "alert");
    await keyboard.press("Tab");
    expect(await isFocused(name)).toBe(true);
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(en("invalid.eventName", { max: limits.eventNameMaxLength })).waitFor();

    await keyboard.type("Keyboard Night");
    await tabTo(page, form.getByLabel(en("create.seats")));
    await keyboard.press("ControlOrMeta+A");
    await keyboard.type("12");
    await tabTo(page, form.getByLabel(en("create.holdSeconds")));
    await keyboard.type("300");
    const room = form.getByLabel(en("create.room"));
    await tabTo(page, room);
    await keyboard.press("Space");
    expect(await room.isChecked()).toBe(true);
    // the room's fields follow the box in the tab order
    await keyboard.press("Tab");
    expect(await isFocused(form.getByLabel(en("create.opensAt")))).toBe(true);
    const rate = form.getByLabel(en("create.admitPerSecond"));
    await tabTo(page, rate);
    await keyboard.press("ControlOrMeta+A");
    await keyboard.type("20");
    await keyboard.press("Enter");

    await form
      .getByRole("status")
      .getByText(en("create.done", { name: "Keyboard Night" }))
      .waitFor();
    await waitForFocusOn(page, "status");
    const event = await findEvent("Keyboard Night");
    expect(event).toMatchObject({ totalSeats: 12, holdSeconds: 300, waitingRoom: { admitPerSecond: 20 } });
    await waitForChoice(livePanel(page), en("live.choose"), event.id);

    // and another event is chosen with the arrow keys
    const choose = livePanel(page).getByLabel(en("live.choose"));
    await shiftTabTo(page, choose);
    const before = await choose.inputValue();
    await keyboard.press(
      before === (await choose.locator("option").first().getAttribute("value")) ? "ArrowDown" : "ArrowUp",
    );
    expect(await choose.inputValue()).not.toBe(before);
  });

  test("tells a buyer without the admin role that the view is for operators, and the API refuses them", async () => {
    const admin = await suite.api.signIn("chief", "admin");
    const event = await suite.api.createEvent(admin, { eventName: "Not For Fans" });
    const { page } = await suite.open();
    await signIn(page, "curious-fan");
    await page.goto(`${suite.api.url}/#/operator`);
    await page.getByRole("link", { name: en("operator.adminOnly") }).waitFor();
    expect(await livePanel(page).count()).toBe(0);
    const fan: Session = await suite.api.signIn("curious-fan");
    await expect(
      suite.api.call("GET", `/api/admin/events/${event.id}/live`, { token: fan.token }),
    ).rejects.toThrow("403 E_FORBIDDEN");
  });

  test.each([
    ["desktop", "en", "en-US"],
    ["phone", "ko", "ko-KR"],
  ] as const)(
    "has no accessibility violation with figures, chart and table shown (%s, %s)",
    async (viewport, language, locale) => {
      const admin = await suite.api.signIn("chief", "admin");
      const event = await suite.api.createEvent(admin, {
        eventName: `Axe ${viewport}`,
        totalSeats: 8,
        holdSeconds: 600,
        waitingRoom: { ...openRoom(100), overbooking: 1 },
      });
      const buyer = await roomBuyer(suite.api, `axe-${viewport}`, event.id);
      await buyer.join();
      await buyer.reserve(2, await buyer.admission());

      const { page } = await suite.open({ viewport, locale });
      await signIn(page, `axe-chief-${viewport}`, { operator: true, language });
      const live = livePanel(page, language);
      await live.getByLabel(text(language, "live.choose")).selectOption(event.id);
      await waitForFigure(live, text(language, "live.held"), "2");
      await live.getByRole("img", { name: new RegExp(text(language, "live.chartSeats")) }).waitFor();
      await live.getByText(text(language, "live.readings")).click();
      await live
        .getByRole("group", { name: text(language, "live.readings") })
        .getByRole("row")
        .nth(2)
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});
