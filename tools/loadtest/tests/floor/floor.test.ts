import { measureFloor } from "../../src/floor/floor.ts";
import { isSoldOut } from "../../src/outcome.ts";
import { reservationRequest } from "../../src/reserve-request.ts";

describe("measureFloor", () => {
  test("answers every client of the barrier with the app's sold-out problem from a bare Express route", async () => {
    // The target URL of the prepared bytes does not matter: the floor writes them to its own server.
    const app = new URL("http://127.0.0.1:1");
    const clients = Array.from({ length: 400 }, (_, i) => ({
      userId: `u${i}`,
      request: reservationRequest(app, { token: "t", eventId: "e", quantity: 1, forwardedFor: "10.0.0.1" }),
    }));
    const run = await measureFloor(clients, { connectConcurrency: 64 });
    expect(run.outcomes).toHaveLength(400);
    expect(run.outcomes.every((outcome) => outcome.status === 409 && isSoldOut(outcome))).toBe(true);
    expect(run.outcomes.map((outcome) => outcome.userId)).toEqual(clients.map(({ userId }) => userId));
  });
});
