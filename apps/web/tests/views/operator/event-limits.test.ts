import { MissingLimitError, limitsFrom } from "../../../src/views/operator/event-limits";
import { startApi, type RunningApi } from "../../support/api-server";

describe("limitsFrom", () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ mode: "embedded" });
  });
  afterAll(() => api.stop());

  test("reads the event form's limits from the running API's OpenAPI document", async () => {
    const limits = limitsFrom(await api.call("GET", "/api/openapi.json"));
    expect(limits.eventNameMaxLength).toBeGreaterThan(0);
    for (const bounds of Object.values(limits).filter((value) => typeof value === "object")) {
      expect(bounds.min).toBeGreaterThan(0);
      expect(bounds.max).toBeGreaterThan(bounds.min);
    }
    expect(limits.admitPerSecond.min).toBeLessThan(1);
  });

  test("refuses to guess a limit the document does not give", () => {
    expect(() => limitsFrom({ components: { schemas: {} } })).toThrow(MissingLimitError);
    expect(() => limitsFrom({})).toThrow("CreateEvent.eventName.maxLength");
  });
});
