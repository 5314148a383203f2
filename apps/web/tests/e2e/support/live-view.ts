import type { Locator, Page } from "playwright-core";
import type { Language } from "../../../src/i18n/language";
import { text } from "./page";

/** The operator's live panel, found by its heading as a person finds it. */
export const livePanel = (page: Page, language: Language = "en") =>
  page.getByRole("region", { name: text(language, "live.title") });

/** The value shown under a figure's name (a `dd` after its `dt`) in the live panel. */
export const figure = (panel: Locator, label: string) =>
  panel
    .getByRole("term")
    .filter({ hasText: new RegExp(`^${escape(label)}$`) })
    .locator("xpath=following-sibling::dd[1]");

/** Waits until the figure named `label` reads exactly `value`. */
export const waitForFigure = (panel: Locator, label: string, value: string | RegExp) =>
  figure(panel, label)
    .filter({ hasText: typeof value === "string" ? new RegExp(`^${escape(value)}$`) : value })
    .waitFor();

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A datetime-local value `offsetMs` from now in the page's own zone (the browser's, which the form reads). */
export const localInputFromNow = (page: Page, offsetMs: number) =>
  page.evaluate((offset) => {
    const date = new Date(Date.now() + offset);
    const pad = (value: number) => String(value).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, offsetMs);

/**
 * Waits until an operator form has the API's limits (read from /api/openapi.json after the page opens): its bounded
 * fields then carry them as `max`/`maxlength`, and its checks name them. Sent earlier, it says only "Check this field."
 */
export const waitForLimits = (form: Locator) =>
  form.locator("input[max], input[maxlength]").first().waitFor({ state: "attached" });

/** Waits until the list labelled `label` has `value` chosen (the list of events catches up after a creation). */
export const waitForChoice = (panel: Locator, label: string, value: string) =>
  panel.getByLabel(label).locator(`option[value="${value}"]:checked`).waitFor({ state: "attached" });
