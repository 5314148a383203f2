import type { Browser } from "playwright-core";
import { startApi, type RunningApi, type StartApiOptions } from "../../support/api-server";
import { launchChromium } from "./browser";
import { openPage, type OpenPageOptions, type WatchedPage } from "./page";

export interface BrowserSuite {
  /** This file's API, started before its first test. */
  readonly api: RunningApi;
  readonly browser: Browser;
  /** Opens a watched page (on this file's API unless `api` names another); after the test it is closed and checked. */
  open(options?: OpenPageOptions & { api?: RunningApi }): Promise<WatchedPage>;
  /** Statuses the test provokes on purpose: Chromium logs each refused call as a console error naming its status. */
  provoke(...statuses: number[]): void;
}

/**
 * The hooks of an end-to-end file: one API (`startApi(options)`) and one Chromium for the file, and after each test
 * every page it opened closed and checked (no console error, CSP violation, failed or foreign request).
 */
export function browserSuite(options: StartApiOptions = {}): BrowserSuite {
  let api: RunningApi | undefined;
  let browser: Browser | undefined;
  let pages: WatchedPage[] = [];
  let provoked: number[] = [];

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(options), launchChromium()]);
  });
  afterEach(async () => {
    const expected = provoked.map((status) => `status of ${status}`);
    const problems = pages
      .flatMap((page) => page.problems)
      .filter((problem) => !expected.some((status) => problem.includes(status)));
    await Promise.all(pages.map((page) => page.close()));
    pages = [];
    provoked = [];
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("browserSuite: the API and Chromium start in beforeAll");
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get browser() {
      return started(browser);
    },
    open: async ({ api: other, ...pageOptions } = {}) => {
      const page = await openPage(started(browser), other ?? started(api), pageOptions);
      pages.push(page);
      return page;
    },
    provoke: (...statuses) => void provoked.push(...statuses),
  };
}
