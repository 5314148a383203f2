import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReservationEngine } from "../src/index.js";
import { sqljs } from "../src/sqljs.js";
import { future } from "./helpers/fixtures.js";

describe("sqljs: the embedded database driver", () => {
  test("keeps committed reservations in its file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reservation-"));
    const file = join(dir, "tickets.sqlite");
    try {
      const first = await ReservationEngine.create({ database: sqljs({ file }) });
      const event = await first.createEvent({ eventName: "durable", totalSeats: 3, eventDate: future() });
      const { reservation } = await first.reserve({ eventId: event.id, userId: "kim", quantity: 2 });
      await first.close();
      const second = await ReservationEngine.create({ database: sqljs({ file }) });
      try {
        expect(await second.listByUser("kim", { userId: "kim", role: "user" })).toEqual([reservation]);
        expect((await second.getEvent(event.id)).availableSeats).toBe(1);
        await expect(second.reserve({ eventId: event.id, userId: "lee", quantity: 2 })).rejects.toMatchObject(
          {
            code: "E_INSUFFICIENT_SEATS",
            available: 1,
          },
        );
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("refuses to start with E_DRIVER_MISSING, naming the package, when sql.js cannot be loaded", async () => {
    // A package that is not installed, loaded the way sqljs() loads sql.js.
    const missing = "sql.js-not-installed";
    const error = await ReservationEngine.create({
      database: { ...sqljs(), load: () => import(missing) },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_DRIVER_MISSING", packageName: "sql.js" });
    expect((error as Error).message).toContain("npm install sql.js");
  });
});
