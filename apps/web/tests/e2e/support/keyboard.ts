import type { Locator, Page } from "playwright-core";

/** Presses Tab until `target` has the focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

/** Presses Shift+Tab until `target` has the focus, as a keyboard user going back up the page would. */
export async function shiftTabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press("Shift+Tab");
  }
  throw new Error(`${max} presses of Shift+Tab never reached ${target}`);
}

export const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement).catch(() => false);

/** What has the focus: its role (explicit or tag) and its text, for assertions that read like the screen. */
export function focused(page: Page): Promise<{ role: string; text: string; outline: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      role: element?.getAttribute("role") ?? element?.tagName.toLowerCase() ?? "",
      text: element?.innerText.trim() ?? "",
      outline: element ? getComputedStyle(element).outlineStyle : "none",
    };
  });
}

/** Waits until an element of `role` has the focus (a notice takes it in an effect, after it is shown). */
export const waitForFocusOn = (page: Page, role: string) =>
  page.waitForFunction((expected) => document.activeElement?.getAttribute("role") === expected, role);

/** Waits until `target` has the focus (a closing dialog gives it back to its opener in an effect). */
export async function waitForFocus(page: Page, target: Locator): Promise<void> {
  const element = await target.elementHandle();
  await page.waitForFunction((expected) => expected === document.activeElement, element);
}
