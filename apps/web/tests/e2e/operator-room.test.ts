import type { LiveEvent } from "../../src/api/types";
import { limitsFrom, type EventLimits } from "../../src/views/operator/event-limits";
import { openRoom } from "../support/queue";
import { axeViolations } from "./support/axe";
import { focused, isFocused, tabTo, waitForFocusOn } from "./support/keyboard";
import {
  figure,
  livePanel,
  localInputFromNow,
  waitForChoice,
  waitForFigure,
  waitForLimits,
} from "./support/live-view";
import { en, signIn, text } from "./support/page";
import { browserSuite } from "./support/suite";

describe("the operator's waiting-room settings", () => {
  const suite = browserSuite();
  let limits: EventLimits;

  beforeAll(async () => {
    limits = limitsFrom(await suite.api.call("GET", "/api/openapi.json"));
  });

  /** The event's room as the API reports it to an operator, read apart from the page. */
  const roomOf = async (eventId: string) => {
    const admin = await suite.api.signIn("auditor", "admin");
    const live = await suite.api.call<LiveEvent>("GET", `/api/admin/events/${eventId}/live`, {
      token: admin.token,
    });
    return live.waitingRoom;
  };

  const createEvent = async (eventName: string, options: { room?: number; eventDate?: string } = {}) => {
    const admin = await suite.api.signIn("chief", "admin");
    return suite.api.createEvent(admin, {
      eventName,
      ...(options.eventDate ? { eventDate: options.eventDate } : {}),
      ...(options.room === undefined ? {} : { waitingRoom: { ...openRoom(options.room), overbooking: 1 } }),
    });
  };

  test("changes the rate and overbooking of an open room, and the API then reports them", async () => {
    const event = await createEvent("Rate Night", { room: 2 });
    const { page } = await suite.open();
    await signIn(page, "chief", { operator: true });
    const live = livePanel(page);
    await live.getByLabel(en("live.choose")).selectOption(event.id);
    await waitForFigure(live, en("live.admitPerSecond"), "2");
    await waitForFigure(live, en("live.overbooking"), "1");

    const form = live.getByRole("region", { name: en("room.changeTitle") });
    const rate = form.getByLabel(en("create.admitPerSecond"));
    expect(await rate.inputValue()).toBe("2");
    await rate.fill("40");
    await form.getByLabel(en("create.overbooking")).fill("1.5");
    await form.getByRole("button", { name: en("room.submit") }).click();
    await form
      .getByRole("status")
      .getByText(en("room.done", { rate: 40, overbooking: 1.5 }))
      .waitFor();

    // the opening in force is kept to the millisecond, though the form shows it to the minute
    expect(await roomOf(event.id)).toMatchObject({
      opensAt: event.waitingRoom!.opensAt,
      admitPerSecond: 40,
      overbooking: 1.5,
    });
    await waitForFigure(live, en("live.admitPerSecond"), "40");
    await waitForFigure(live, en("live.overbooking"), "1.5");
    expect(await rate.inputValue()).toBe("40");
  });

  test("puts an event that sells directly behind a waiting room, which buyers then need", async () => {
    const event = await createEvent("Direct Night");
    const { page } = await suite.open();
    await signIn(page, "chief", { operator: true });
    const live = livePanel(page);
    await live.getByLabel(en("live.choose")).selectOption(event.id);
    await live.getByText(en("live.noRoom")).waitFor();

    const form = live.getByRole("region", { name: en("room.addTitle") });
    await form.getByLabel(en("create.admitPerSecond")).fill("7");
    await form.getByRole("button", { name: en("room.addSubmit") }).click();
    await live
      .getByRole("status")
      .getByText(en("room.done", { rate: 7, overbooking: 1 }))
      .waitFor();

    expect(await roomOf(event.id)).toMatchObject({ admitPerSecond: 7, overbooking: 1 });
    await expect(suite.api.reserve(await suite.api.signIn("late-fan"), event.id, 1)).rejects.toThrow(
      "403 E_NOT_ADMITTED",
    );
    await live.getByRole("region", { name: en("room.changeTitle") }).waitFor();
    await waitForFigure(live, en("live.admitPerSecond"), "7");
    // the room's own figures follow with the next reading
    await waitForFigure(live, en("live.waiting"), "0");
    expect(await live.getByText(en("live.noRoom")).count()).toBe(0);
  });

  test("refuses a rate out of range before sending, and a moved opening with the API's sentence, changing nothing", async () => {
    suite.provoke(409);
    const event = await createEvent("Refused Night", { room: 3 });
    const { page } = await suite.open();
    await signIn(page, "chief", { operator: true });
    const live = livePanel(page);
    await live.getByLabel(en("live.choose")).selectOption(event.id);
    await waitForFigure(live, en("live.admitPerSecond"), "3");
    const form = live.getByRole("region", { name: en("room.changeTitle") });
    const rate = form.getByLabel(en("create.admitPerSecond"));
    const submit = form.getByRole("button", { name: en("room.submit") });
    await waitForLimits(form);

    await rate.fill(String(limits.admitPerSecond.max + 1));
    await submit.click();
    await form
      .getByRole("alert")
      .getByText(en("create.check", { count: 1 }))
      .waitFor();
    expect(await rate.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(en("invalid.admitPerSecond", { ...limits.admitPerSecond })).waitFor();

    // the room opened a second ago: moving its opening is the API's to refuse, with the rest of the change
    await rate.fill("30");
    const opensAt = form.getByLabel(en("create.opensAt"));
    await opensAt.fill(await localInputFromNow(page, 3_600_000));
    await submit.click();
    await form.getByRole("alert").getByText(en("problem.E_ROOM_ALREADY_OPEN")).waitFor();
    expect(await opensAt.getAttribute("aria-invalid")).toBe("true");
    await form.getByText(en("room.opensAtFixed")).waitFor();
    expect(await rate.getAttribute("aria-invalid")).toBe("false");
    expect(await page.getByText("E_ROOM_ALREADY_OPEN").count()).toBe(0);

    expect(await roomOf(event.id)).toMatchObject({
      opensAt: event.waitingRoom!.opensAt,
      admitPerSecond: 3,
      overbooking: 1,
    });
    expect(await figure(live, en("live.admitPerSecond")).innerText()).toBe("3");
  });

  test("changes a room's rate by keyboard alone, after the sentence of a refusal", async () => {
    // the soonest event of this file's API, so the live panel watches it from the start
    const event = await createEvent("Keys Night", {
      room: 4,
      eventDate: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    const { page } = await suite.open();
    await signIn(page, "keys-chief", { operator: true });
    await page.getByRole("heading", { level: 1, name: en("operator.title") }).waitFor();
    const keyboard = page.keyboard;
    const live = livePanel(page);
    await waitForChoice(live, en("live.choose"), event.id);
    await waitForFigure(live, en("live.admitPerSecond"), "4");
    const form = live.getByRole("region", { name: en("room.changeTitle") });
    const rate = form.getByLabel(en("create.admitPerSecond"));
    await form.getByText(en("create.admitPerSecondHint", { ...limits.admitPerSecond })).waitFor();

    await tabTo(page, rate);
    expect((await focused(page)).outline).not.toBe("none");
    await keyboard.press("ControlOrMeta+A");
    await keyboard.type("0");
    await keyboard.press("Enter");
    await form
      .getByRole("alert")
      .getByText(en("create.check", { count: 1 }))
      .waitFor();
    await waitForFocusOn(page, "alert");
    // the next Tab is the form's first field, and the rate follows it
    await keyboard.press("Tab");
    expect(await isFocused(form.getByLabel(en("create.opensAt")))).toBe(true);
    await tabTo(page, rate);
    expect(await rate.getAttribute("aria-invalid")).toBe("true");
    await keyboard.press("ControlOrMeta+A");
    await keyboard.type("25");
    await keyboard.press("Enter");

    await form
      .getByRole("status")
      .getByText(en("room.done", { rate: 25, overbooking: 1 }))
      .waitFor();
    await waitForFocusOn(page, "status");
    expect(await roomOf(event.id)).toMatchObject({ opensAt: event.waitingRoom!.opensAt, admitPerSecond: 25 });
    await waitForFigure(live, en("live.admitPerSecond"), "25");
    expect(await rate.getAttribute("aria-invalid")).toBe("false");
  });

  test.each([
    ["desktop", "en", "en-US"],
    ["phone", "ko", "ko-KR"],
  ] as const)(
    "has no accessibility violation with a room's settings, a refusal, and an event without a room (%s, %s)",
    async (viewport, language, locale) => {
      const withRoom = await createEvent(`Room axe ${viewport}`, { room: 5 });
      const direct = await createEvent(`Direct axe ${viewport}`);
      const { page } = await suite.open({ viewport, locale });
      await signIn(page, `axe-chief-${viewport}`, { operator: true, language });
      const live = livePanel(page, language);
      const choose = live.getByLabel(text(language, "live.choose"));

      await choose.selectOption(withRoom.id);
      await waitForFigure(live, text(language, "live.admitPerSecond"), "5");
      const form = live.getByRole("region", { name: text(language, "room.changeTitle") });
      await form.getByLabel(text(language, "create.overbooking")).fill("0");
      await form.getByRole("button", { name: text(language, "room.submit") }).click();
      await form
        .getByRole("alert")
        .getByText(text(language, "create.check", { count: 1 }))
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await choose.selectOption(direct.id);
      await live.getByRole("region", { name: text(language, "room.addTitle") }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});
