import { Pool } from "undici";
import { UnexpectedResponseError } from "./errors.ts";

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface EventBody {
  id: string;
  eventName: string;
  totalSeats: number;
  availableSeats: number;
}

export interface ReservationBody {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: string;
}

/** Setup and read-back calls of the REST contract (issue 6), over one keep-alive pool. */
export class ApiClient {
  readonly #pool: Pool;
  readonly baseUrl: URL;

  constructor(baseUrl: string | URL, options: { connections?: number } = {}) {
    this.baseUrl = new URL(baseUrl);
    this.#pool = new Pool(this.baseUrl.origin, {
      connections: options.connections ?? 64,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
  }

  async call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await this.#pool.request({ method, path, headers, body, signal: options.signal });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json };
  }

  /** `from`: the caller's address, sent in X-Forwarded-For (see client-address.ts). */
  async createEvent(
    adminToken: string,
    input: { eventName: string; totalSeats: number; eventDate: Date },
    from?: string,
  ): Promise<EventBody> {
    const path = "/api/events";
    const response = await this.call("POST", path, {
      token: adminToken,
      body: { ...input, eventDate: input.eventDate.toISOString() },
      headers: forwardedFor(from),
    });
    if (response.status !== 201)
      throw new UnexpectedResponseError("POST", path, response.status, response.text);
    return response.json as EventBody;
  }

  async getEvent(id: string, from?: string): Promise<EventBody> {
    const path = `/api/events/${encodeURIComponent(id)}`;
    const response = await this.call("GET", path, { headers: forwardedFor(from) });
    if (response.status !== 200)
      throw new UnexpectedResponseError("GET", path, response.status, response.text);
    return response.json as EventBody;
  }

  async listUserReservations(userId: string, token: string, from?: string): Promise<ReservationBody[]> {
    const path = `/api/reservations/user/${encodeURIComponent(userId)}`;
    const response = await this.call("GET", path, { token, headers: forwardedFor(from) });
    if (response.status !== 200)
      throw new UnexpectedResponseError("GET", path, response.status, response.text);
    return (response.json as { items: ReservationBody[] }).items;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

const forwardedFor = (from: string | undefined): Record<string, string> =>
  from === undefined ? {} : { "x-forwarded-for": from };
