import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface Upstream {
  readonly url: URL;
  /** Answered 200 on the last health check. */
  healthy: boolean;
  /** A connection failed: skip until this time (ms epoch). */
  downUntil: number;
}

/**
 * A small round-robin HTTP proxy standing in for the ALB: it spreads requests over the upstreams that pass their
 * health check (GET /api/health, every `healthIntervalMs`), routes to every live one when none passes (the ALB fails
 * open the same way), answers 502 when the chosen upstream refuses or drops the connection, and never retries a
 * request itself: retrying a POST is the client's decision, made with an Idempotency-Key.
 */
export class RoundRobinProxy {
  readonly upstreams: Upstream[];
  readonly #server: Server;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 256 });
  #next = 0;
  #timer: NodeJS.Timeout | undefined;
  #url: URL | undefined;

  readonly healthIntervalMs: number;

  constructor(targets: readonly string[], healthIntervalMs = 500) {
    this.healthIntervalMs = healthIntervalMs;
    this.upstreams = targets.map((target) => ({ url: new URL(target), healthy: true, downUntil: 0 }));
    this.#server = createServer((req, res) => this.#forward(req, res));
    this.#server.keepAliveTimeout = 65_000;
  }

  get url(): URL {
    if (!this.#url) throw new Error("proxy is not listening");
    return this.#url;
  }

  async listen(port = 0): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(port, "127.0.0.1", resolve));
    this.#url = new URL(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`);
    this.#timer = setInterval(() => void this.#checkAll(), this.healthIntervalMs);
    return this.#url;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    this.#agent.destroy();
  }

  /** The upstream for the next request: round robin over healthy ones, else over live ones, else any. */
  pick(now = Date.now()): Upstream | undefined {
    const live = this.upstreams.filter((upstream) => upstream.downUntil <= now);
    const healthy = live.filter((upstream) => upstream.healthy);
    const pool = healthy.length ? healthy : live.length ? live : this.upstreams;
    const chosen = pool[this.#next % pool.length];
    this.#next = (this.#next + 1) % 1_000_000;
    return chosen;
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = this.pick();
    if (!upstream) return badGateway(res, "no upstream");
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress]
      .filter(Boolean)
      .join(", ");
    const outgoing = request(
      {
        host: upstream.url.hostname,
        port: upstream.url.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor },
        agent: this.#agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    outgoing.on("error", (error) => {
      upstream.downUntil = Date.now() + 1000;
      if (res.headersSent) res.destroy();
      else badGateway(res, `${upstream.url.host}: ${error.message}`);
    });
    req.pipe(outgoing);
  }

  async #checkAll(): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (upstream) => {
        try {
          const response = await fetch(new URL("/api/health", upstream.url), {
            signal: AbortSignal.timeout(1000),
          });
          await response.arrayBuffer();
          upstream.healthy = response.status === 200;
          if (upstream.healthy) upstream.downUntil = 0;
        } catch {
          upstream.healthy = false;
        }
      }),
    );
  }
}

function badGateway(res: ServerResponse, detail: string): void {
  const body = JSON.stringify({ type: "about:blank#bad-gateway", title: "Bad gateway", status: 502, detail });
  res.writeHead(502, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
