import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { countInversions, type JoinRecord } from "../bench/fairness.ts";
import { createWaitingRoom } from "../src/index.js";
import { connect, SECRET, type Client } from "./support.js";

const run = promisify(execFile);
const PROCESSES = 3;
const BUYERS_PER_PROCESS = 150;
const SEATS = 120;

interface ProcessReport {
  joins: JoinRecord[];
  steps: { admittedTotal: number; admitted: string[]; undecided: number; seats: number }[];
  overAdmitted: number;
  final: Record<string, string>;
}

let client: Client;
let url: string;

beforeAll(async () => {
  url = (await redisServer()).url;
  client = await connect(url);
});

afterAll(async () => {
  await client.close();
});

describe("many buyers and admitters in several processes", () => {
  test("admit in line order, never beyond the seats, and tell everyone else sold out", async () => {
    const prefix = uniquePrefix("waiting-room-concurrency");
    const room = createWaitingRoom({ redis: client, secret: SECRET, prefix, inventory: () => 0, tickMs: 0 });
    const settings = { opensAt: Date.now() + 3_600_000, admitPerSecond: 300, burst: 30 };
    await room.configure("e1", settings);
    await client.set(`${prefix}{e1}:engine-seats`, String(SEATS));
    // Every process joins half its buyers, then the test opens the room and they join the other half: both the
    // pre-queue and first come, first served are exercised.
    const opening = (async () => {
      while (Number(await client.get(`${prefix}{e1}:half-joined`)) < PROCESSES)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await room.configure("e1", { ...settings, opensAt: Date.now() });
      await client.set(`${prefix}{e1}:opened`, "1");
    })();
    const reports = await Promise.all(
      Array.from({ length: PROCESSES }, async (_, p) => {
        const args = {
          url,
          prefix,
          eventId: "e1",
          names: `p${p}-`,
          count: BUYERS_PER_PROCESS,
          secret: SECRET,
          abandonEvery: 7,
          ignoreEvery: 11,
        };
        const { stdout } = await run(
          process.execPath,
          [join(__dirname, "support/buyers-process.mjs"), JSON.stringify(args)],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        return JSON.parse(stdout) as ProcessReport;
      }),
    );
    await opening;
    await room.close();

    // The global admission order, from every process's steps.
    const order: string[] = [];
    for (const step of reports.flatMap((report) => report.steps))
      step.admitted.forEach((identity, i) => {
        const index = step.admittedTotal - step.admitted.length + i;
        expect(order[index] ?? identity).toBe(identity);
        order[index] = identity;
      });
    expect(order.every((identity) => typeof identity === "string")).toBe(true);
    expect(new Set(order).size).toBe(order.length);

    // Clocks of different processes: a join counts as answered 1 ms later than it was, to stay on the safe side.
    const joins = reports
      .flatMap((report) => report.joins)
      .map((j) => ({ ...j, answeredAt: j.answeredAt + 1 }));
    expect(joins).toHaveLength(PROCESSES * BUYERS_PER_PROCESS);
    expect(joins.some((j) => j.preQueue)).toBe(true);
    expect(joins.some((j) => !j.preQueue)).toBe(true);
    expect(countInversions(joins, order)).toBe(0);

    for (const step of reports.flatMap((report) => report.steps).filter((s) => s.admitted.length > 0))
      expect(step.undecided).toBeLessThanOrEqual(step.seats);
    expect(reports.reduce((sum, report) => sum + report.overAdmitted, 0)).toBe(0);

    const final = Object.assign({}, ...reports.map((report) => report.final)) as Record<string, string>;
    const counts: Record<string, number> = {};
    for (const status of Object.values(final)) counts[status] = (counts[status] ?? 0) + 1;
    expect(counts.reserved).toBe(SEATS);
    expect(Object.keys(final)).toHaveLength(PROCESSES * BUYERS_PER_PROCESS);
    expect((counts.sold_out ?? 0) + order.length).toBe(PROCESSES * BUYERS_PER_PROCESS);
    expect(await client.get(`${prefix}{e1}:engine-seats`)).toBe("0");
  });
});
