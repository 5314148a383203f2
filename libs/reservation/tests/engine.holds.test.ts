import { testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { ReservationEngine } from "../src/index.js";
import { connectRedis, type RedisClient } from "./helpers/fixtures.js";
import { holdsConformance } from "./helpers/holds-conformance.js";

let db: TestDatabase;
let redis: RedisClient;

beforeAll(async () => {
  db = await testDatabase("holds");
  redis = await connectRedis();
});
afterAll(async () => {
  redis.destroy();
  await db.drop();
});

holdsConformance("MariaDB with Redis admission", async (options = {}) => {
  const engine = await ReservationEngine.create({
    database: { type: "mysql", url: db.url, poolSize: 4 },
    redis,
    keyPrefix: uniquePrefix("holds"),
    ...options,
  });
  return { engine, close: () => engine.close() };
});
