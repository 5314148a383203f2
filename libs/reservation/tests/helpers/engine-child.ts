// An app instance in a process of its own, for tests that kill it with SIGKILL. Bundled with esbuild by
// child-engines.ts. Reserves seats of EVENT_ID as fast as it can; in MODE "holds" it confirms every other hold and
// leaves the rest to expire. Prints a JSON line of progress every 10 reservations or so. SIGUSR2 stops the load (the engine,
// and with it the expiry sweep, keeps running); SIGTERM closes the engine and exits.
import { createClient } from "@redis/client";
import { ReservationEngine } from "../../src/index.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const redis = createClient({
  url: env("REDIS_URL"),
  socket: { reconnectStrategy: (retries) => Math.min(50 * retries, 300), connectTimeout: 2_000 },
});
redis.on("error", () => {});
await redis.connect();
const engine = await ReservationEngine.create({
  database: { type: "mysql", url: env("DB_URL"), poolSize: 4 },
  redis,
  keyPrefix: env("KEY_PREFIX"),
  outbox: true,
  holds: { sweepIntervalMs: 100 },
  redisTimeoutMs: 500,
  staleHoldMs: 1_000,
  settleTimeoutMs: 3_000,
  reconcileIntervalMs: 100,
});
const eventId = env("EVENT_ID");
const worker = env("WORKER");
const holds = env("MODE") === "holds";
let loading = true;
let reserved = 0;
let confirmed = 0;
let printed = 0;
const errors: Record<string, number> = {};

process.on("SIGUSR2", () => {
  loading = false;
});
process.on("SIGTERM", () => {
  loading = false;
  void engine.close().then(() => {
    redis.destroy();
    process.exit(0);
  });
});

await Promise.all(
  Array.from({ length: 8 }, async (_, lane) => {
    for (let i = 0; loading; i++) {
      const userId = `${worker}-${lane}-${i}`;
      try {
        const { reservation } = await engine.reserve({ eventId, userId, quantity: 1 + (i % 2) });
        reserved++;
        if (holds && i % 2 === 0) {
          await engine.confirm(
            reservation.id,
            { paymentReference: `pay-${userId}` },
            { userId, role: "user" },
          );
          confirmed++;
        }
        if (reserved - printed >= 10) {
          printed = reserved;
          console.log(JSON.stringify({ reserved, confirmed, errors }));
        }
      } catch (error) {
        const code = (error as { code?: string }).code ?? "other";
        errors[code] = (errors[code] ?? 0) + 1;
        // Sold out, seats held, Redis restarting: a real buyer waits a little and tries again.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }),
);
console.log(JSON.stringify({ reserved, confirmed, errors, stopped: true }));
