import { newBuyer, type BuyerRecord } from "../../src/opening/buyer-record.ts";
import {
  checkOpening,
  fairnessInversions,
  servedOutOfOrder,
  type FinalOpeningState,
  type SeatSample,
} from "../../src/opening/checks.ts";

const OPENS = 1_000_000;
const buyer = (index: number, fields: Partial<BuyerRecord>): BuyerRecord => ({
  ...newBuyer(index, `u${index}`, false, "poll"),
  ...fields,
});
const sample = (fields: Partial<SeatSample> = {}): SeatSample => ({
  at: OPENS,
  total: 2,
  confirmed: 0,
  held: 0,
  available: 2,
  ...fields,
});

describe("fairnessInversions", () => {
  test("counts a buyer placed ahead of one whose join was answered before it was sent", () => {
    const a = buyer(0, { joinSentAt: OPENS + 1, joinAnsweredAt: OPENS + 5, position: 2 });
    const b = buyer(1, { joinSentAt: OPENS + 10, joinAnsweredAt: OPENS + 12, position: 1 });
    expect(fairnessInversions([a, b], OPENS)).toBe(1);
  });

  test("allows any order among joins that overlapped, and ignores the pre-queue", () => {
    const a = buyer(0, { joinSentAt: OPENS + 1, joinAnsweredAt: OPENS + 20, position: 2 });
    const b = buyer(1, { joinSentAt: OPENS + 10, joinAnsweredAt: OPENS + 12, position: 1 });
    const early = buyer(2, { joinSentAt: OPENS - 100, joinAnsweredAt: OPENS - 90, position: 3 });
    expect(fairnessInversions([a, b, early], OPENS)).toBe(0);
  });
});

describe("servedOutOfOrder", () => {
  test("counts buyers left unserved ahead of a served one", () => {
    const buyers = [
      buyer(0, { position: 1, admittedAt: OPENS }),
      buyer(1, { position: 2 }),
      buyer(2, { position: 3, admittedAt: OPENS }),
      buyer(3, { position: 4 }),
    ];
    expect(servedOutOfOrder(buyers)).toBe(1);
    expect(servedOutOfOrder(buyers.filter((b) => b.index !== 2))).toBe(0);
  });
});

describe("checkOpening", () => {
  const sold = (index: number, id: string) =>
    buyer(index, {
      position: index + 1,
      admittedAt: OPENS,
      heldAt: OPENS,
      confirmedAt: OPENS,
      reservationId: id,
    });
  const state = (
    rows: FinalOpeningState["reservations"],
    seats: Partial<SeatSample> = {},
  ): FinalOpeningState => ({
    source: "mysql",
    seats: sample({ confirmed: 2, available: 0, ...seats }),
    reservations: rows,
  });
  const rows = [
    { id: "r1", userId: "u0", quantity: 1, status: "CONFIRMED" },
    { id: "r2", userId: "u1", quantity: 1, status: "CONFIRMED" },
  ];
  const failed = (checks: ReturnType<typeof checkOpening>) => checks.filter((c) => !c.ok).map((c) => c.name);
  const facts = (buyers: BuyerRecord[], samples = [sample()]) => ({
    seats: 2,
    buyers,
    samples,
    opensAt: OPENS,
    soldOutForGood: true,
  });
  const told = buyer(2, { position: 3, lastStatus: "sold_out" });

  test("passes a clean opening", () => {
    expect(failed(checkOpening(facts([sold(0, "r1"), sold(1, "r2"), told]), state(rows)))).toEqual([]);
  });

  test.each([
    ["a sample with more held and confirmed seats than the event has", "no oversell at any moment"],
    ["an expired row no buyer abandoned", "every expired hold returned once"],
    ["a buyer left waiting without being told", "every buyer not served told sold out"],
    ["a confirmation with no row", "every confirmation durable, one reservation per buyer"],
  ])("fails on %s", (what, check) => {
    let buyers = [sold(0, "r1"), sold(1, "r2"), told];
    let reservations = [...rows];
    let samples = [sample()];
    if (what.startsWith("a sample")) samples = [sample({ confirmed: 2, held: 1, available: 0 })];
    if (what.startsWith("an expired"))
      reservations = [...rows, { id: "r9", userId: "u9", quantity: 1, status: "EXPIRED" }];
    if (what.startsWith("a buyer left"))
      buyers = [sold(0, "r1"), sold(1, "r2"), { ...told, lastStatus: "waiting" }];
    if (what.startsWith("a confirmation")) buyers = [sold(0, "r1"), sold(1, "r404"), told];
    expect(failed(checkOpening(facts(buyers, samples), state(reservations)))).toContain(check);
  });
});
