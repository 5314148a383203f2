import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, Pool, request } from "undici";
import { clientAddress } from "../client-address.ts";
import { UnexpectedResponseError } from "../errors.ts";
import { createTokenFactory } from "../tokens.ts";
import { newBuyer, type BuyerRecord } from "./buyer-record.ts";
import type { SeatSample } from "./checks.ts";
import type { OpeningOptions } from "./options.ts";
import { apiSeatSampler, mysqlSeatSampler } from "./seat-sampler.ts";
import { sseMessages } from "./sse.ts";

/** The steps whose latency the report shows. */
export const STEPS = [
  "join",
  "status",
  "stream",
  "reserve",
  "confirm",
  "wait for admission",
  "opening to hold",
] as const;
export type Step = (typeof STEPS)[number];

export interface OpeningRun {
  readonly eventId: string;
  readonly opensAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly buyers: readonly BuyerRecord[];
  readonly samples: readonly SeatSample[];
  /** First moment the database had no seat available (all held or sold), or null. */
  readonly soldOutAt: number | null;
  /** First moment every seat was confirmed, or null. */
  readonly allConfirmedAt: number | null;
  readonly timedOut: boolean;
  readonly latencies: Readonly<Record<Step, number[]>>;
  /** Requests answered 429, 5xx or not at all, that buyers retried. */
  readonly retries: number;
  readonly requests: number;
  /** Where the samples came from. */
  readonly sampledFrom: "mysql" | "api";
  /** Signed tokens, for reading back through the API: the admin's and each buyer's (by index). */
  readonly adminToken: string;
  readonly tokens: readonly string[];
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { code?: string; [key: string]: unknown } | undefined;
  text: string;
}

interface Ticket {
  status: string;
  position: number | null;
  pollAfterMs?: number | null;
  admission: { token: string; expiresAt: number } | null;
}

const FINAL = new Set(["expired", "reserved", "refused", "abandoned"]);
const RETRYABLE = new Set([0, 429, 500, 502, 503, 504]);

/**
 * The opening: creates an event with a waiting room and short holds, lets every buyer join (some before the
 * opening), follow their place (a few over Server-Sent Events, the rest polling as the API hints), reserve when
 * admitted, pay or walk away, and retry what a real page retries. Samples the database's seat counts all along.
 */
export async function runOpening(options: OpeningOptions, log: (line: string) => void): Promise<OpeningRun> {
  const origin = new URL(options.url).origin;
  // Each buyer has a browser of its own: reserving and paying never wait behind other buyers' polls in this process.
  // The line (joins, polls) and the purchases get separate connections.
  const timeouts = { headersTimeout: 120_000, bodyTimeout: 120_000 };
  const linePool = new Pool(origin, { connections: options.connections, ...timeouts });
  const buyPool = new Pool(origin, {
    connections: Math.max(16, Math.ceil(options.connections / 4)),
    ...timeouts,
  });
  const PURCHASE: ReadonlySet<Step | null> = new Set(["reserve", "confirm", null]);
  const streams = new Agent({ headersTimeout: 120_000, bodyTimeout: 0 });
  const sign = createTokenFactory(options.jwtSecret, { ttlSeconds: options.timeoutSeconds + 3_600 });
  const run = randomUUID().slice(0, 8);
  const latencies = Object.fromEntries(STEPS.map((step) => [step, [] as number[]])) as Record<Step, number[]>;
  let requests = 0;
  let retries = 0;

  const send = async (
    step: Step | null,
    method: "GET" | "POST" | "PUT",
    path: string,
    call: { token: string; body?: unknown; from?: string; idempotencyKey?: string },
  ): Promise<Answer> => {
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: `Bearer ${call.token}`,
    };
    if (call.from && options.forwardedFor) headers["x-forwarded-for"] = call.from;
    if (call.idempotencyKey) headers["idempotency-key"] = call.idempotencyKey;
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["content-type"] = "application/json";
    }
    const started = performance.now();
    requests++;
    try {
      const response = await (PURCHASE.has(step) ? buyPool : linePool).request({
        method,
        path,
        headers,
        body,
      });
      const text = await response.body.text();
      if (step) latencies[step].push(performance.now() - started);
      let json: Answer["json"];
      try {
        json = text ? (JSON.parse(text) as Answer["json"]) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.statusCode, headers: response.headers, json, text };
    } catch (error) {
      return { status: 0, headers: {}, json: undefined, text: String(error) };
    }
  };

  /** Waits as a page would before retrying: the server's Retry-After, else a growing pause with jitter. */
  const backoff = async (answer: Answer, attempt: number, signal?: AbortSignal) => {
    retries++;
    const header = Number(answer.headers["retry-after"]);
    const ms = Number.isFinite(header) && header > 0 ? header * 1000 : Math.min(5_000, 200 * 2 ** attempt);
    await pause(ms * (0.5 + Math.random() / 2), signal);
  };

  const adminToken = await sign(`lt-${run}-admin`, "admin");
  const opensAt = Date.now() + options.preOpenSeconds * 1000;
  const created = await send(null, "POST", "/api/events", {
    token: adminToken,
    body: {
      eventName: `Opening ${run}`,
      totalSeats: options.seats,
      eventDate: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      holdSeconds: options.holdSeconds,
      waitingRoom: { opensAt: new Date(opensAt).toISOString(), admitPerSecond: options.admitPerSecond },
    },
  });
  if (created.status !== 201)
    throw new UnexpectedResponseError("POST", "/api/events", created.status, created.text);
  const eventId = String(created.json!.id);
  const ticketPath = `/api/events/${eventId}/waiting-room/ticket`;
  log(
    `event ${eventId}: ${options.seats} seats, holds of ${options.holdSeconds} s, waiting room opening in ${options.preOpenSeconds} s at ${options.admitPerSecond}/s`,
  );

  const buyers = Array.from({ length: options.users }, (_, i) =>
    newBuyer(
      i,
      `lt-${run}-b${i}`,
      Math.random() < options.early,
      Math.random() < options.sse ? "sse" : "poll",
    ),
  );
  const tokens: string[] = [];
  for (let i = 0; i < buyers.length; i += 1_000) {
    tokens.push(...(await Promise.all(buyers.slice(i, i + 1_000).map((b) => sign(b.userId, "user")))));
  }

  const over = new AbortController();
  const samples: SeatSample[] = [];
  let soldOutAt: number | null = null;
  let allConfirmedAt: number | null = null;
  const startedAt = Date.now();

  const observe = (buyer: BuyerRecord, ticket: Ticket) => {
    buyer.lastStatus = ticket.status;
    if (ticket.status === "waiting" && ticket.position !== null && buyer.position === null)
      buyer.position = ticket.position;
    if (ticket.status === "admitted" && buyer.admittedAt === null) {
      buyer.admittedAt = Date.now();
      latencies["wait for admission"].push(
        buyer.admittedAt - Math.max(opensAt, buyer.joinAnsweredAt ?? opensAt),
      );
    }
    if (ticket.status === "sold_out" && buyer.soldOutSeenAt === null) buyer.soldOutSeenAt = Date.now();
  };

  /** One ticket request, retried while the answer is worth retrying; null if the sale ended meanwhile. */
  const ticketCall = async (buyer: BuyerRecord, method: "GET" | "POST", signal?: AbortSignal) => {
    for (let attempt = 0; ; attempt++) {
      if (method === "POST") buyer.joinSentAt = Date.now();
      const answer = await send(method === "POST" ? "join" : "status", method, ticketPath, {
        token: tokens[buyer.index]!,
        from: clientAddress(buyer.index),
      });
      if (answer.status === 200) {
        if (method === "POST") buyer.joinAnsweredAt = Date.now();
        return answer.json as unknown as Ticket;
      }
      if (!RETRYABLE.has(answer.status)) {
        buyer.errors.push(
          `${method} ticket answered ${answer.status} ${answer.json?.code ?? answer.text.slice(0, 80)}`,
        );
        return null;
      }
      await backoff(answer, attempt, signal);
      if (signal?.aborted) return null;
    }
  };

  /** Follows the stream until it ends (admitted, final, server closing) or the sale ends; the last ticket seen. */
  const followStream = async (buyer: BuyerRecord): Promise<Ticket | null> => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[buyer.index]!}` };
    if (options.forwardedFor) headers["x-forwarded-for"] = clientAddress(buyer.index);
    let last: Ticket | null = null;
    const started = performance.now();
    try {
      const response = await request(`${origin}${ticketPath}/stream`, {
        dispatcher: streams,
        headers,
        signal: over.signal,
      });
      if (response.statusCode !== 200) {
        await response.body.text();
        return null;
      }
      let first = true;
      for await (const message of sseMessages(response.body)) {
        if (message.event !== "ticket") continue;
        if (first) latencies.stream.push(performance.now() - started);
        first = false;
        last = JSON.parse(message.data) as Ticket;
        observe(buyer, last);
      }
    } catch {
      // The sale ended (abort) or the connection broke: the caller polls instead.
    }
    return last;
  };

  const buy = async (buyer: BuyerRecord, admission: string) => {
    const key = randomUUID();
    let reservation: { id: string; status: string } | null = null;
    for (let attempt = 0; reservation === null; attempt++) {
      const answer = await send("reserve", "POST", "/api/reservations", {
        token: tokens[buyer.index]!,
        from: clientAddress(buyer.index),
        idempotencyKey: key,
        body: { eventId, quantity: 1, admissionToken: admission },
      });
      const code = answer.json?.code;
      // 200: an earlier attempt went through but its answer was lost; the same key answers it again.
      if (answer.status === 201 || answer.status === 200) {
        reservation = answer.json as unknown as { id: string; status: string };
      } else if (code === "E_SOLD_OUT" || code === "E_INSUFFICIENT_SEATS") {
        buyer.refusedSoldOut = true;
        return;
      } else if (code === "E_SEATS_HELD" || RETRYABLE.has(answer.status)) {
        await backoff(answer, attempt);
      } else {
        buyer.errors.push(
          `POST /api/reservations answered ${answer.status} ${code ?? answer.text.slice(0, 80)}`,
        );
        return;
      }
    }
    buyer.reservationId = reservation.id;
    buyer.heldAt = Date.now();
    latencies["opening to hold"].push(buyer.heldAt - opensAt);
    if (reservation.status === "CONFIRMED") {
      buyer.confirmedAt = buyer.heldAt;
      return;
    }
    buyer.abandons = Math.random() < options.abandon;
    if (buyer.abandons) return;
    await pause(options.payMs * 2 * Math.random());
    for (let attempt = 0; ; attempt++) {
      const answer = await send("confirm", "POST", `/api/reservations/${reservation.id}/confirm`, {
        token: tokens[buyer.index]!,
        from: clientAddress(buyer.index),
        body: { paymentReference: `pay-${buyer.userId}` },
      });
      if (answer.status === 200) {
        buyer.confirmedAt = Date.now();
        return;
      }
      if (answer.json?.code === "E_HOLD_EXPIRED") {
        buyer.holdExpiredAtConfirm = true;
        return;
      }
      if (!RETRYABLE.has(answer.status)) {
        buyer.errors.push(
          `confirm answered ${answer.status} ${answer.json?.code ?? answer.text.slice(0, 80)}`,
        );
        return;
      }
      await backoff(answer, attempt);
    }
  };

  const life = async (buyer: BuyerRecord) => {
    const arrival = buyer.early
      ? startedAt + Math.random() * (opensAt - startedAt)
      : opensAt + Math.random() * options.arrivalSeconds * 1000;
    await pause(arrival - Date.now());
    let ticket = await ticketCall(buyer, "POST");
    if (!ticket) return;
    observe(buyer, ticket);
    while (!over.signal.aborted) {
      if (ticket.status === "admitted" && ticket.admission) return buy(buyer, ticket.admission.token);
      if (FINAL.has(ticket.status)) return;
      if (buyer.follows === "sse") {
        const last = await followStream(buyer);
        if (last && (last.status === "admitted" || FINAL.has(last.status))) {
          ticket = last;
          continue;
        }
        if (over.signal.aborted) break;
        // The stream ended without news (the server restarting, a proxy): poll once, then stream again.
        await pause(1_000, over.signal);
      } else {
        await pause(ticket.pollAfterMs ?? 1_000, over.signal);
      }
      if (over.signal.aborted) break;
      const next = await ticketCall(buyer, "GET", over.signal);
      if (!next) break;
      ticket = next;
      observe(buyer, ticket);
    }
    // The sale is over: what does the page say now?
    const final = await ticketCall(buyer, "GET");
    if (final) observe(buyer, final);
  };

  const lives = buyers.map((buyer) =>
    life(buyer).catch((error: unknown) => void buyer.errors.push(String(error))),
  );
  const allDone = Promise.all(lives);

  // The database's seats, all along: the oversell check, the end of the sale and the live line.
  const seats = options.databaseUrl
    ? await mysqlSeatSampler(options.databaseUrl, eventId)
    : apiSeatSampler(() => send(null, "GET", `/api/admin/events/${eventId}/live`, { token: adminToken }));
  const sampler = (async () => {
    while (!over.signal.aborted) {
      const sample = await seats.read();
      if (sample) {
        samples.push(sample);
        if (sample.available === 0 && soldOutAt === null) soldOutAt = sample.at;
        if (sample.confirmed === sample.total && allConfirmedAt === null) {
          allConfirmedAt = sample.at;
          over.abort();
        }
      }
      await pause(250, over.signal);
    }
  })();

  const progress = setInterval(() => {
    const count = (test: (b: BuyerRecord) => boolean) => buyers.filter(test).length;
    const last = samples.at(-1);
    log(
      [
        `t=${((Date.now() - opensAt) / 1000).toFixed(1)}s`,
        `joined ${count((b) => b.joinAnsweredAt !== null)}/${buyers.length}`,
        `waiting ${count((b) => b.lastStatus === "waiting" || b.lastStatus === "pre_queue")}`,
        `admitted ${count((b) => b.admittedAt !== null)}`,
        `held ${count((b) => b.heldAt !== null)}`,
        `confirmed ${count((b) => b.confirmedAt !== null)}`,
        `sold-out ${count((b) => b.lastStatus === "sold_out")}`,
        last ? `| db confirmed ${last.confirmed} held ${last.held} available ${last.available}` : "",
        `| ${requests} requests`,
      ].join("  "),
    );
  }, 1_000);
  progress.unref();

  const deadline = sleep(options.timeoutSeconds * 1000, "timeout" as const, { signal: over.signal }).catch(
    () => "over" as const,
  );
  const first = await Promise.race([allDone.then(() => "done" as const), deadline]);
  over.abort();
  await sampler;
  await seats.close();
  await allDone;
  clearInterval(progress);
  await linePool.close();
  await buyPool.close();
  await streams.close();
  return {
    eventId,
    opensAt,
    startedAt,
    endedAt: Date.now(),
    buyers,
    samples,
    soldOutAt,
    allConfirmedAt,
    timedOut: first === "timeout",
    latencies,
    retries,
    requests,
    sampledFrom: options.databaseUrl ? "mysql" : "api",
    adminToken,
    tokens,
  };
}

/** Sleeps `ms` (nothing if negative), or less if `signal` aborts. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
