import { ApiProblem, problemFrom } from "./problem";
import { createSseParser } from "./sse";
import type {
  EventPage,
  EventView,
  Health,
  LiveEvent,
  NewEvent,
  OpenApiDocument,
  Reservation,
  Role,
  Session,
  Ticket,
  WaitingRoomSettings,
} from "./types";

export interface ApiClientOptions {
  /** Origin of the API; "" (the default) is the page's own origin, which serves it. */
  baseUrl?: string;
  /** The bearer token of the signed-in user, read at each call. */
  token?: () => string | null;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Statuses besides 2xx whose JSON body is the answer (health answers 503 with its report). */
  accept?: readonly number[];
}

/**
 * Every call the page makes to the API, in one place: each returns the parsed answer or throws an {@link ApiProblem}
 * (a problem+json refusal, or `E_NETWORK` when the server could not be reached).
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let clockOffsetMs: number | null = null;

  // The first answer's Date header tells how far this browser's clock is from the server's, which sets every
  // deadline. The header counts whole seconds, so an offset within a second is taken as none.
  const measureClock = (response: Response) => {
    if (clockOffsetMs !== null) return;
    const serverTime = Date.parse(response.headers.get("Date") ?? "");
    if (Number.isNaN(serverTime)) return;
    const offset = serverTime + 500 - Date.now();
    clockOffsetMs = Math.abs(offset) > 1000 ? offset : 0;
  };

  async function send(
    method: string,
    path: string,
    request: RequestOptions,
    accept: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, ...request.headers };
    const token = options.token?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: request.signal ?? null,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new ApiProblem({ code: "E_NETWORK", status: 0, detail: String(error), cause: error });
    }
    measureClock(response);
    if (!response.ok && !request.accept?.includes(response.status)) throw await problemFrom(response);
    return response;
  }

  async function request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
    return (await (await send(method, path, request, "application/json")).json()) as T;
  }

  /**
   * Reads the ticket's event stream until the server ends it (admitted or final), calling `onTicket` with each
   * ticket, and `onRetry` with the reconnection delay a `retry:` line asks for (ms). Read with fetch, not
   * EventSource, which cannot send the bearer token. Rejects with an ApiProblem when the stream cannot be opened or
   * breaks (`E_NETWORK`) or sends a message that is not a ticket (`E_UNEXPECTED_RESPONSE`), with what `onTicket`
   * throws, and with the abort when `signal` aborts; the HTTP stream is closed in every case.
   */
  async function streamTicket(
    eventId: string,
    onTicket: (ticket: Ticket) => void,
    signal: AbortSignal,
    onRetry?: (ms: number) => void,
  ) {
    const response = await send("GET", `${ticketPath(eventId)}/stream`, { signal }, "text/event-stream");
    if (!response.body || !response.headers.get("Content-Type")?.startsWith("text/event-stream")) {
      throw new ApiProblem({
        code: "E_UNEXPECTED_RESPONSE",
        status: response.status,
        detail: "not an event stream",
      });
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = createSseParser({
      onEvent: (message) => {
        if (message.event === "ticket") onTicket(parseTicket(message.data));
      },
      ...(onRetry ? { onRetry } : {}),
    });
    let done = false;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (signal.aborted) throw error;
          throw new ApiProblem({ code: "E_NETWORK", status: 0, detail: String(error), cause: error });
        }
        if (chunk.done) {
          done = true;
          break;
        }
        parser.push(chunk.value);
      }
    } finally {
      parser.end();
      // Stopped early (a bad message, a callback that threw): close the HTTP stream, not just this reader.
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }

  // One read of the API's document per client: it changes only when the API is deployed again.
  let openApiDocument: Promise<OpenApiDocument> | undefined;
  const openApi = () => {
    openApiDocument ??= request<OpenApiDocument>("GET", "/api/openapi.json").catch((error: unknown) => {
      openApiDocument = undefined;
      throw error;
    });
    return openApiDocument;
  };

  const id = (value: string) => encodeURIComponent(value);
  const ticketPath = (eventId: string) => `/api/events/${id(eventId)}/waiting-room/ticket`;

  return {
    listEvents: (page: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) => {
      const query = new URLSearchParams();
      if (page.limit) query.set("limit", String(page.limit));
      if (page.cursor) query.set("cursor", page.cursor);
      const suffix = query.size ? `?${query}` : "";
      return request<EventPage>("GET", `/api/events${suffix}`, { signal });
    },
    getEvent: (eventId: string, signal?: AbortSignal) =>
      request<EventView>("GET", `/api/events/${id(eventId)}`, { signal }),
    createEvent: (event: NewEvent) => request<EventView>("POST", "/api/events", { body: event }),
    /**
     * `idempotencyKey`: one per buyer's decision, reused if the same decision is sent again. `admissionToken`: the
     * waiting room's admission, for an event that sells through one.
     */
    reserve: (input: {
      eventId: string;
      quantity: number;
      idempotencyKey: string;
      admissionToken?: string;
    }) =>
      request<Reservation>("POST", "/api/reservations", {
        body: {
          eventId: input.eventId,
          quantity: input.quantity,
          ...(input.admissionToken ? { admissionToken: input.admissionToken } : {}),
        },
        headers: { "Idempotency-Key": input.idempotencyKey },
      }),
    getReservation: (reservationId: string, signal?: AbortSignal) =>
      request<Reservation>("GET", `/api/reservations/${id(reservationId)}`, { signal }),
    /** Pays a hold; the same `paymentReference` again answers the confirmed reservation (a retry is safe). */
    confirmReservation: (reservationId: string, paymentReference: string) =>
      request<Reservation>("POST", `/api/reservations/${id(reservationId)}/confirm`, {
        body: { paymentReference },
      }),
    /** Joins the event's waiting room (joining again returns the same ticket); `receipt` restores a lost place. */
    joinWaitingRoom: (eventId: string, receipt?: string, signal?: AbortSignal) =>
      request<Ticket>("POST", ticketPath(eventId), { body: receipt ? { receipt } : {}, signal }),
    waitingRoomTicket: (eventId: string, signal?: AbortSignal) =>
      request<Ticket>("GET", ticketPath(eventId), { signal }),
    /** Gives an admission up (`abandoned`): its slot goes to the next buyer; an ended ticket is answered as it is. */
    giveUpAdmission: (eventId: string, signal?: AbortSignal) =>
      request<Ticket>("DELETE", ticketPath(eventId), { signal }),
    streamTicket,
    /**
     * How far the server's clock is ahead of this browser's (ms, negative when behind), from the first answer's Date
     * header; 0 before any answer or when they agree within a second. Countdowns to the API's deadlines add it.
     */
    clockOffsetMs: () => clockOffsetMs ?? 0,
    listReservations: (userId: string, signal?: AbortSignal) =>
      request<{ items: Reservation[] }>("GET", `/api/reservations/user/${id(userId)}`, { signal }),
    cancelReservation: (reservationId: string) =>
      request<Reservation>("DELETE", `/api/reservations/${id(reservationId)}`),
    health: (signal?: AbortSignal) => request<Health>("GET", "/api/health", { signal, accept: [503] }),
    /** Development only; the API answers 404 when it signs with a real secret or runs with NODE_ENV=production. */
    devSignIn: (input: { name: string; role: Role }) =>
      request<Session>("POST", "/api/dev/sign-in", { body: input }),
    /** `GET /api/admin/events/{id}/live`, for operators: one event's opening as it happens. */
    live: (eventId: string, signal?: AbortSignal) =>
      request<LiveEvent>("GET", `/api/admin/events/${id(eventId)}/live`, { signal }),
    /**
     * `PUT /api/events/{id}/waiting-room`, for operators: puts the event's sale behind a waiting room, or changes its
     * rate and overbooking (its opening only until the room opens). Answers the settings in force.
     */
    configureWaitingRoom: (eventId: string, settings: WaitingRoomSettings) =>
      request<WaitingRoomSettings>("PUT", `/api/events/${id(eventId)}/waiting-room`, { body: settings }),
    /** The API's OpenAPI document, read once (again after a failed read): the limits its bodies must keep. */
    openApi,
    /** The most seats one request may ask for (the API's MAX_QUANTITY_PER_REQUEST), read from its OpenAPI document. */
    maxQuantityPerRequest: async () => {
      const schema = (await openApi()).components?.schemas?.CreateReservation as OpenApiQuantity | undefined;
      const maximum = schema?.properties?.quantity?.maximum;
      return typeof maximum === "number" ? maximum : 1;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function parseTicket(data: string): Ticket {
  try {
    return JSON.parse(data) as Ticket;
  } catch (error) {
    throw new ApiProblem({
      code: "E_UNEXPECTED_RESPONSE",
      status: 200,
      detail: `a ticket message that is not JSON: ${String(error)}`,
      cause: error,
    });
  }
}

interface OpenApiQuantity {
  properties?: { quantity?: { maximum?: unknown } };
}
