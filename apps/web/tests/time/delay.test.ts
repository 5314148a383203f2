import { delay } from "../../src/time/delay";

describe("delay", () => {
  test("resolves after the time asked for", async () => {
    const controller = new AbortController();
    await expect(delay(5, controller.signal)).resolves.toBeUndefined();
  });

  test("resolves when the signal aborts, long before its time", async () => {
    const controller = new AbortController();
    const waiting = delay(3_600_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });

  test("resolves at once for a signal that has already aborted", async () => {
    await expect(delay(3_600_000, AbortSignal.abort())).resolves.toBeUndefined();
  });
});
