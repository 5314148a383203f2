import { future, mysqlSetup, type MysqlSetup } from "./helpers/fixtures.js";

let setup: MysqlSetup;

beforeAll(async () => {
  setup = await mysqlSetup("admission_gate");
});

afterAll(async () => {
  await setup?.close();
});

/** The Redis hash of a user's admitted seats per event, as the admission scripts keep it. */
async function usersKey(eventId: string): Promise<string> {
  const [key] = await setup.redis.keys(`${setup.prefix}*{${eventId}}:users`);
  if (!key) throw new Error(`no users counter for ${eventId}`);
  return key;
}

describe("AdmissionGate", () => {
  test("checks a per-user refusal against the database: a lost restock does not keep a buyer out", async () => {
    const { engine, redis } = setup;
    const event = await engine.createEvent({
      eventName: "Gate",
      totalSeats: 20,
      eventDate: future(),
      maxPerUser: 3,
    });
    const first = await engine.reserve({ eventId: event.id, userId: "amy", quantity: 3 });
    await engine.cancel(first.reservation.id, { userId: "amy", role: "user" });
    // The cancel gave the seats back in the database; make Redis still count them, as a restock lost to a blip would.
    await redis.hSet(await usersKey(event.id), "amy", "3");

    const again = await engine.reserve({ eventId: event.id, userId: "amy", quantity: 2 });
    expect(again.reservation.status).toBe("CONFIRMED");
    await expect(engine.reserve({ eventId: event.id, userId: "amy", quantity: 2 })).rejects.toMatchObject({
      code: "E_PER_USER_LIMIT",
      held: 2,
    });
  });

  test("refuses a buyer the database also counts at the limit, without repairing anything", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({
      eventName: "Gate",
      totalSeats: 20,
      eventDate: future(),
      maxPerUser: 2,
    });
    await engine.reserve({ eventId: event.id, userId: "bo", quantity: 2 });
    const counters: string[] = [];
    engine.on("reservation:counter", ({ mode }) => counters.push(mode));
    await expect(engine.reserve({ eventId: event.id, userId: "bo", quantity: 1 })).rejects.toMatchObject({
      code: "E_PER_USER_LIMIT",
    });
    expect(counters).toEqual([]);
  });
});
