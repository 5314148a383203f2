import { call } from "./api.js";

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
