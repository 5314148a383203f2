import { createClient } from "@redis/client";
import { redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { createConnection, type Connection, type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import { RedisLocks } from "../src/index.js";
import { lost } from "./helpers.js";

let database: TestDatabase;
let sql: Connection;
const newClient = (url: string) => createClient({ url });
let client: ReturnType<typeof newClient>;
let locks: RedisLocks;
let prefix: string;

beforeAll(async () => {
  client = newClient((await redisServer()).url);
  await client.connect();
  prefix = uniquePrefix("fencing");
  locks = new RedisLocks({ client, prefix });
  database = await testDatabase("lock_fencing");
  sql = await createConnection(database.url);
  await sql.query(
    "CREATE TABLE seats (id INT PRIMARY KEY, holder VARCHAR(64) NULL, fence BIGINT NOT NULL DEFAULT 0)",
  );
  await sql.query("INSERT INTO seats (id) VALUES (1)");
});

afterAll(async () => {
  await locks.close();
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
  await client.close();
  await sql.end();
  await database.drop();
});

/** The write a fenced storage layer accepts only from a newer lock than the last writer's. */
async function assignSeat(holder: string, fence: number): Promise<boolean> {
  const [result] = await sql.execute<ResultSetHeader>(
    "UPDATE seats SET holder = ?, fence = ? WHERE id = 1 AND fence < ?",
    [holder, fence, fence],
  );
  return result.affectedRows === 1;
}

describe("fencing a stalled holder", () => {
  test("a holder that stalls past its TTL sees its signal abort and its fenced write rejected by MariaDB", async () => {
    const stalled = await locks.acquire("seat:1", { ttlMs: 200 });
    // The holder pauses (GC, page fault, slow network) until its lock is gone.
    const reason = await lost(stalled);
    expect(reason).toMatchObject({ code: "E_LOCK_LOST" });

    const current = await locks.acquire("seat:1", { waitMs: 5_000 });
    expect(current.fence).toBeGreaterThan(stalled.fence);
    expect(await assignSeat("current", current.fence)).toBe(true);

    // The stalled holder wakes up and writes anyway: the fence turns it away.
    expect(await assignSeat("stalled", stalled.fence)).toBe(false);
    const [rows] = await sql.query<RowDataPacket[]>("SELECT holder, fence FROM seats WHERE id = 1");
    expect(rows[0]).toMatchObject({ holder: "current", fence: current.fence });
    await current.release();
    await stalled.release();
  });
});
