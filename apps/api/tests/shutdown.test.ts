import { call, confirmedIds, inOneYear, startApi } from "./support/api.js";
import { load } from "./support/load.js";

describe("graceful shutdown with stop()", () => {
  test("stop() during load loses no confirmed reservation", async () => {
    const api = await startApi("real", {}, { keepDatabase: true });
    try {
      const admin = await api.token("admin", "admin");
      const event = await call(api, "POST", "/api/events", {
        token: admin,
        body: { eventName: "Drain", totalSeats: 1_000_000, eventDate: inOneYear() },
      });
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => api.token(`drain-${i}`)));
      let stopping: Promise<void> | undefined;
      const confirmed = await load(api.url, event.body.id, tokens, 32, (answered) => {
        if (answered === 150) stopping = api.server.stop();
      });
      await stopping;
      expect(confirmed.length).toBeGreaterThanOrEqual(150);
      const durable = await confirmedIds(api.db!.url);
      expect(confirmed.filter((id) => !durable.has(id))).toEqual([]);
    } finally {
      await api.stop();
      await api.db?.drop();
    }
  });
});
