import type { EventView } from "../../src/api/types";
import type { Language } from "../../src/i18n/language";
import { join, openRoom, setAdmissionRate } from "../support/queue";
import { livePanel, waitForFigure } from "./support/live-view";
import { signIn, text, type ViewportName } from "./support/page";
import { roomBuyer, type RoomBuyer } from "./support/room-buyers";
import { browserSuite } from "./support/suite";

/**
 * The buyer's flow and the operator's view at phone size in Korean and desktop size in English, saved under
 * apps/web/screenshots (gitignored); `node apps/web/scripts/publish-screenshots.mjs` copies them to apps/api/docs/screenshots for the README.
 */
describe("screenshots", () => {
  const suite = browserSuite();
  let events: EventView[];

  beforeAll(async () => {
    const { api } = suite;
    const operator = await api.signIn("operator", "admin");
    const day = 24 * 3600 * 1000;
    events = [];
    for (const [index, [eventName, totalSeats, sold]] of (
      [
        ["IU Live in Seoul", 300, 212],
        ["BTS Fan Meeting", 120, 120],
        ["Seoul Philharmonic: Mahler 2", 80, 9],
      ] as const
    ).entries()) {
      const eventDate = new Date(Date.now() + (index + 3) * day);
      eventDate.setHours(19, 0, 0, 0);
      const event = await api.createEvent(operator, {
        eventName,
        totalSeats,
        maxPerUser: null,
        eventDate: eventDate.toISOString(),
      });
      for (let left = sold; left > 0; left -= Math.min(left, 10)) {
        await api.reserve(await api.signIn(`fan-${index}-${left}`), event.id, Math.min(left, 10));
      }
      events.push(event);
    }
  });

  test.each([
    ["phone", "ko", "ko-KR"],
    ["desktop", "en", "en-US"],
  ] as const satisfies readonly (readonly [ViewportName, Language, string])[])(
    "buyer's flow and operator's view (%s, %s)",
    async (viewport, language, locale) => {
      const say = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) =>
        text(language, key, params);
      const [event] = events;
      const tab = await suite.open({ viewport, locale });
      const { page } = tab;
      await page.getByRole("link", { name: event!.eventName }).waitFor();
      await tab.screenshot("1-events");

      await signIn(page, `buyer-${viewport}`, { language });
      await page.goto(`${suite.api.url}/#/events/${event!.id}`);
      const quantity = page.getByLabel(say("reserve.quantity"));
      await quantity.locator("option", { hasText: "2" }).waitFor({ state: "attached" });
      await quantity.selectOption("2");
      await page.getByRole("button", { name: say("reserve.submit") }).click();
      await page.getByText(say("reserve.done", { count: 2, name: event!.eventName })).waitFor();
      await tab.screenshot("2-reserved");

      await page.goto(`${suite.api.url}/#/me`);
      await page.getByRole("button", { name: say("mine.cancelFor", { name: event!.eventName }) }).click();
      await page.getByRole("dialog").waitFor();
      await tab.screenshot("3-cancel");
      await page.keyboard.press("Escape");

      await signIn(page, `chief-${viewport}`, { operator: true, language });
      await page.getByRole("row").filter({ hasText: events[2]!.eventName }).waitFor();
      await tab.screenshot("4-operator");
    },
  );

  test.each([
    ["phone", "ko", "ko-KR"],
    ["desktop", "en", "en-US"],
  ] as const satisfies readonly (readonly [ViewportName, Language, string])[])(
    "waiting room and hold (%s, %s)",
    async (viewport, language, locale) => {
      const say = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) =>
        text(language, key, params);
      const { api } = suite;
      const operator = await api.signIn("operator", "admin");
      // One admission per 100 s until the rate is raised: the buyer is seen in line behind 17 others (the API takes 20 new tickets per address and event).
      const opening = await api.createEvent(operator, {
        eventName: "NewJeans World Tour: Seoul",
        totalSeats: 500,
        maxPerUser: 2,
        holdSeconds: 300,
        waitingRoom: openRoom(0.01),
      });
      for (let i = 0; i < 17; i++) await join(api, await api.signIn(`queued-${viewport}-${i}`), opening.id);
      const tab = await suite.open({ viewport, locale });
      const { page } = tab;
      await signIn(page, `fan-${viewport}`, { language });
      await page.goto(`${api.url}/#/events/${opening.id}`);
      await page.getByRole("button", { name: say("wait.join") }).click();
      await page
        .getByTestId("queue-ahead")
        .filter({ hasText: say("wait.ahead", { count: 17 }) })
        .waitFor();
      await tab.screenshot("5-waiting-room");

      await setAdmissionRate(api, operator, opening, 100);
      const quantity = page.getByLabel(say("reserve.quantity"));
      await quantity.locator("option", { hasText: "2" }).waitFor({ state: "attached" });
      await quantity.selectOption("2");
      await page.getByRole("button", { name: say("reserve.submit") }).click();
      await page.getByTestId("hold").getByRole("timer").waitFor();
      await tab.screenshot("6-hold");
    },
  );

  test.each([
    ["phone", "ko", "ko-KR"],
    ["desktop", "en", "en-US"],
  ] as const satisfies readonly (readonly [ViewportName, Language, string])[])(
    "operator's live view of an opening (%s, %s)",
    async (viewport, language, locale) => {
      const say = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) =>
        text(language, key, params);
      const { api } = suite;
      const operator = await api.signIn("operator", "admin");
      const eventDate = new Date(Date.now() + 14 * 24 * 3600 * 1000);
      eventDate.setHours(19, 0, 0, 0);
      const event = await api.call<EventView>("POST", "/api/events", {
        token: operator.token,
        body: {
          eventName: `IU Live in Busan (${viewport})`,
          totalSeats: 120,
          eventDate: eventDate.toISOString(),
          maxPerUser: 4,
          holdSeconds: 600,
          waitingRoom: {
            opensAt: new Date(Date.now() - 1000).toISOString(),
            admitPerSecond: 50,
            overbooking: 1.2,
          },
        },
      });
      const buyers = await Promise.all(
        Array.from({ length: 8 }, (_, index) => roomBuyer(api, `queue-${viewport}-${index}`, event.id)),
      );
      const buy = async (buyer: RoomBuyer, quantity: number, pay: boolean) => {
        await buyer.join();
        const hold = await buyer.reserve(quantity, await buyer.admission());
        if (pay) await buyer.confirm(hold);
      };
      for (const [index, buyer] of buyers.slice(0, 5).entries()) await buy(buyer, 4, index % 2 === 0);

      const tab = await suite.open({ viewport, locale });
      const { page } = tab;
      await signIn(page, `chief-live-${viewport}`, { operator: true, language });
      const live = livePanel(page, language);
      await live.getByLabel(say("live.choose")).selectOption(event.id);
      await waitForFigure(live, say("live.sold"), "12");
      await live.getByRole("img", { name: new RegExp(say("live.chartSeats")) }).waitFor();
      // more buyers while the page watches, so the chart moves
      for (const buyer of buyers.slice(5)) await buy(buyer, 3, true);
      await waitForFigure(live, say("live.sold"), "21");
      await live.getByRole("heading", { level: 2, name: say("live.title") }).scrollIntoViewIfNeeded();
      await live.evaluate((panel) => panel.scrollIntoView({ block: "start" }));
      await tab.screenshot("7-operator-live");
    },
  );
});
