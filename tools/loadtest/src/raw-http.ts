import { connect, type Socket } from "node:net";
import { ConnectionError } from "./errors.ts";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Serialises one HTTP/1.1 request ahead of time, so the barrier only has to write bytes. */
export function buildRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body?: string,
): Buffer {
  const lines = [
    `${method} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    "connection: keep-alive",
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (body !== undefined) lines.push(`content-length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]);
}

interface Pending {
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One keep-alive TCP connection that sends prepared requests one at a time. The flash sale holds one per client, so
 * ten thousand clients are ten thousand sockets all open before the barrier drops.
 */
export class RawConnection {
  readonly #socket: Socket;
  readonly #target: string;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: Pending | undefined;
  #closed = false;

  private constructor(socket: Socket, target: string) {
    this.#socket = socket;
    this.#target = target;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#tryParse(false);
    });
    socket.on("close", () => {
      this.#closed = true;
      this.#tryParse(true);
      this.#fail(() => new ConnectionError(this.#target, "connection closed before the response ended"));
    });
    socket.on("error", (error) =>
      this.#fail(() => new ConnectionError(this.#target, error.message, { cause: error })),
    );
  }

  static open(url: URL, timeoutMs = 30_000): Promise<RawConnection> {
    const target = url.host;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionError(target, `connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new RawConnection(socket, target));
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const hint =
          error.code === "EMFILE" || error.code === "EADDRNOTAVAIL"
            ? " (out of file descriptors or ports: raise `ulimit -n` and widen net.ipv4.ip_local_port_range, see README)"
            : "";
        reject(new ConnectionError(target, `${error.message}${hint}`, { cause: error }));
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  request(bytes: Buffer, timeoutMs = 60_000): Promise<RawResponse> {
    if (this.#closed) return Promise.reject(new ConnectionError(this.#target, "connection is closed"));
    if (this.#pending) return Promise.reject(new ConnectionError(this.#target, "a request is in flight"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(() => new ConnectionError(this.#target, `no response within ${timeoutMs} ms`));
        this.close();
      }, timeoutMs);
      this.#pending = { resolve, reject, timer };
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  /** Rejects the request in flight, if any; the error is made only then (closing 10,000 idle sockets makes none). */
  #fail(error: () => Error): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error());
  }

  #tryParse(ended: boolean): void {
    const pending = this.#pending;
    if (!pending) return;
    const parsed = parseResponse(this.#buffer, ended);
    if (!parsed) return;
    this.#buffer = this.#buffer.subarray(parsed.consumed);
    this.#pending = undefined;
    clearTimeout(pending.timer);
    if (parsed.response.headers.connection?.toLowerCase() === "close") this.close();
    pending.resolve(parsed.response);
  }
}

/** Parses one complete response from the front of `buffer`, or returns undefined when more bytes are needed. */
export function parseResponse(
  buffer: Buffer,
  ended: boolean,
): { response: RawResponse; consumed: number } | undefined {
  const headerEnd = buffer.indexOf("\r\n\r\n");
  if (headerEnd < 0) return undefined;
  const head = buffer.subarray(0, headerEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "")?.[1] ?? Number.NaN);
  if (!Number.isInteger(status)) throw new ConnectionError("response", `bad status line ${head[0]}`);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const start = headerEnd + 4;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { response: { status, headers, body: "" }, consumed: start };
  }
  if (headers["content-length"] !== undefined) {
    const end = start + Number(headers["content-length"]);
    if (buffer.length < end) return undefined;
    return {
      response: { status, headers, body: buffer.subarray(start, end).toString("utf8") },
      consumed: end,
    };
  }
  if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
    const parts: Buffer[] = [];
    let offset = start;
    for (;;) {
      const lineEnd = buffer.indexOf("\r\n", offset);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(buffer.subarray(offset, lineEnd).toString("latin1"), 16);
      if (size === 0) {
        const trailerEnd = buffer.indexOf("\r\n", lineEnd + 2);
        if (trailerEnd < 0) return undefined;
        const body = Buffer.concat(parts).toString("utf8");
        return { response: { status, headers, body }, consumed: trailerEnd + 2 };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
  }
  if (!ended) return undefined;
  return {
    response: { status, headers, body: buffer.subarray(start).toString("utf8") },
    consumed: buffer.length,
  };
}
