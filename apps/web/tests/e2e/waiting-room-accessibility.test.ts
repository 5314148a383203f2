import type { Page } from "playwright-core";
import type { EventView, Session } from "../../src/api/types";
import type { Language } from "../../src/i18n/language";
import { join, openRoom, reserveThroughRoom, setAdmissionRate } from "../support/queue";
import { axeViolations } from "./support/axe";
import { signIn, text, type ViewportName } from "./support/page";
import { browserSuite } from "./support/suite";

describe("accessibility of the waiting room and holds (axe-core in Chromium)", () => {
  const suite = browserSuite({ mode: "embedded" });
  let admin: Session;

  beforeAll(async () => {
    admin = await suite.api.signIn("a11y-room-operator", "admin");
  });

  test.each([
    ["en", "en-US", "desktop"],
    ["ko", "ko-KR", "phone"],
  ] as const satisfies readonly (readonly [Language, string, ViewportName])[])(
    "finds no violation before the opening, waiting, sold out, admitted, on a hold and in my reservations (%s, %s, %s)",
    async (language, locale, viewport) => {
      const say = (key: Parameters<typeof text>[1], params?: Parameters<typeof text>[2]) =>
        text(language, key, params);
      const buyer = `a11y-buyer-${viewport}`;
      const later = await suite.api.createEvent(admin, {
        eventName: `Later ${viewport}`,
        waitingRoom: { opensAt: new Date(Date.now() + 3_600_000).toISOString(), admitPerSecond: 1 },
      });
      const gated = await suite.api.createEvent(admin, {
        eventName: `Gated ${viewport}`,
        holdSeconds: 300,
        waitingRoom: openRoom(0.01),
      });
      const oneSeat = await suite.api.createEvent(admin, {
        eventName: `One seat ${viewport}`,
        totalSeats: 1,
        waitingRoom: openRoom(1),
      });
      await join(suite.api, await suite.api.signIn(`a11y-early-${viewport}`), gated.id);
      const taker = await suite.api.signIn(`a11y-taker-${viewport}`);
      await join(suite.api, taker, oneSeat.id);

      const { page } = await suite.open({ locale, viewport });
      await signIn(page, buyer, { language });
      const found: Record<string, unknown[]> = {};
      const check = async (name: string) => {
        const violations = await axeViolations(page);
        if (violations.length > 0) found[name] = violations;
      };
      const joinRoom = async (event: EventView) => {
        await page.goto(`${suite.api.url}/#/events/${event.id}`);
        await page.getByRole("button", { name: say("wait.join") }).click();
      };
      const room = (p: Page) => p.getByTestId("waiting-room");

      await page.goto(`${suite.api.url}/#/events/${later.id}`);
      await page.getByRole("button", { name: say("wait.join") }).waitFor();
      await check("before joining");
      await page.getByRole("button", { name: say("wait.join") }).click();
      await room(page).getByRole("timer").waitFor();
      await check("pre-queue");

      await joinRoom(oneSeat);
      await room(page).getByTestId("queue-position").waitFor();
      await reserveThroughRoom(suite.api, taker, oneSeat.id, 1);
      await room(page).getByTestId("queue-sold-out").waitFor();
      await check("sold out");

      await joinRoom(gated);
      await room(page)
        .getByTestId("queue-ahead")
        .filter({ hasText: say("wait.ahead", { count: 1 }) })
        .waitFor();
      await check("waiting");
      await setAdmissionRate(suite.api, admin, gated, 10);
      await page.getByRole("button", { name: say("reserve.submit") }).waitFor();
      await check("admitted");
      await page.getByRole("button", { name: say("reserve.submit") }).click();
      await page.getByTestId("hold").getByRole("timer").waitFor();
      await check("hold");

      await page.goto(`${suite.api.url}/#/me`);
      await page.getByRole("button", { name: say("hold.payFor", { name: gated.eventName }) }).waitFor();
      await check("my reservations with a hold");
      expect(found).toEqual({});
    },
  );
});
