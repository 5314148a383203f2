import { signToken } from "../../src/auth/sign-token.js";
import { waitUntil } from "@ticketing/testing";
import { call, confirmedIds, inOneYear, TEST_SECRET } from "./api.js";
import type { SpawnedApp } from "./built-app.js";

/** Fires reservations from `workers` loops until the server stops answering; returns the ids of every 201. */
export async function load(
  url: string,
  eventId: string,
  tokens: string[],
  workers: number,
  onProgress: (n: number) => void,
) {
  const confirmed: string[] = [];
  let answered = 0;
  const worker = async (index: number) => {
    for (let i = 0; ; i++) {
      try {
        const response = await call({ url }, "POST", "/api/reservations", {
          token: tokens[(index + i * workers) % tokens.length]!,
          body: { eventId, quantity: 1 },
        });
        if (response.status === 201) confirmed.push(response.body.id);
        onProgress(++answered);
      } catch {
        return; // connection refused or reset: the server has stopped
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  return confirmed;
}

/**
 * Waits until the built app at `url` is ready, creates an event, has 50 users reserve seats of it over 32 connections,
 * and sends the app SIGTERM after 150 answers. Returns how many 201s it gave, those not in the database at `dbUrl`
 * afterwards, and how the app exited.
 */
export async function sigtermDuringReservations(url: string, dbUrl: string, app: SpawnedApp) {
  await waitUntil(async () => (await call({ url }, "GET", "/api/health")).status === 200, 30_000, "the app");
  const auth = { secret: TEST_SECRET };
  const admin = await signToken({ userId: "admin", role: "admin" }, auth);
  const event = await call({ url }, "POST", "/api/events", {
    token: admin,
    body: { eventName: "Sigterm", totalSeats: 1_000_000, eventDate: inOneYear() },
  });
  if (event.status !== 201) throw new Error(`creating the event answered ${event.status}`);
  const tokens = await Promise.all(
    Array.from({ length: 50 }, (_, i) => signToken({ userId: `sig-${i}`, role: "user" }, auth)),
  );
  const confirmed = await load(url, event.body.id, tokens, 32, (answered) => {
    if (answered === 150) app.child.kill("SIGTERM");
  });
  const exit = { code: await app.exited, stderr: app.stderr() };
  const durable = await confirmedIds(dbUrl);
  return { confirmed: confirmed.length, lost: confirmed.filter((id) => !durable.has(id)), exit };
}
