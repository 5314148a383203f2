import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { translate, type MessageKey, type MessageParams } from "../../../src/i18n/messages";
import type { Language } from "../../../src/i18n/language";
import type { RunningApi } from "../../support/api-server";

/** The two screen sizes every flow is looked at in. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/** Where screenshots go (gitignored); `scripts/publish-screenshots.mjs` copies the README's set to apps/api/docs. */
export const SCREENSHOT_DIR = resolve(__dirname, "../../../screenshots");

/** The sentence the page shows for `key`, so tests look for what a person reads. */
export const text = (language: Language, key: MessageKey, params?: MessageParams) =>
  translate(language, key, params);

/** {@link text} in English. */
export const en = (key: MessageKey, params?: MessageParams) => translate("en", key, params);

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /**
   * What went wrong in the browser so far: console errors (a CSP violation is one), uncaught exceptions, failed
   * requests, and any request to another origin than the API's (the page must fetch nothing from elsewhere).
   */
  readonly problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** The browser's language (navigator.languages, Accept-Language). @default "en-US" */
  locale?: string;
  /** @default "desktop" */
  viewport?: ViewportName;
  /** The fragment to open, e.g. "#/me". @default "#/" */
  hash?: string;
}

/** A new browser context (own storage) with one page open on the API's `/`, watched for problems. */
export async function openPage(
  browser: Browser,
  api: RunningApi,
  options: OpenPageOptions = {},
): Promise<WatchedPage> {
  const viewport = options.viewport ?? "desktop";
  const context = await browser.newContext({
    locale: options.locale ?? "en-US",
    viewport: VIEWPORTS[viewport],
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(api.url).origin;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.origin !== origin)
      problems.push(`foreign request: ${request.url()}`);
  });
  page.on("requestfailed", (request) => {
    // a poll cut short by navigation is not a failure of the page
    if (request.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${request.url()}`);
  });
  await page.goto(`${api.url}/${options.hash ?? "#/"}`);
  await page.locator("main h1").waitFor();
  return {
    page,
    context,
    problems,
    screenshot: async (name) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${viewport}.png`) });
    },
    close: () => context.close(),
  };
}

/** Signs in through the page's development sign-in form and waits for the header to name the user. */
export async function signIn(
  page: Page,
  name: string,
  options: { operator?: boolean; language?: Language } = {},
): Promise<void> {
  const language = options.language ?? "en";
  await page.goto(`${new URL(page.url()).origin}/#/sign-in`);
  await page.getByLabel(text(language, "signIn.name")).fill(name);
  if (options.operator) await page.getByLabel(text(language, "signIn.operator")).check();
  await page.getByRole("button", { name: text(language, "signIn.submit"), exact: true }).click();
  await page.getByText(text(language, "nav.signedInAs", { name })).waitFor();
}
