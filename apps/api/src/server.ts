import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Lifecycle } from "./lifecycle.js";

export interface StartOptions {
  /** 0 picks a free port. @default 3000 */
  port?: number;
  /** @default "0.0.0.0" */
  host?: string;
  /** After this, open connections are cut. @default 9000 (ms) */
  shutdownTimeoutMs?: number;
  /** Runs after the listener has drained: close the engine (drains batches), limiters, metrics, Redis. */
  onDrained?: () => Promise<void>;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, then runs onDrained. Idempotent. */
  stop(): Promise<void>;
}

// Above the 60 s idle timeout of AWS load balancers, so the balancer, not the app, closes idle connections.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Listens with `app`; `stop()` shuts down gracefully within `shutdownTimeoutMs`. */
export async function start(app: Express, options: StartOptions = {}): Promise<RunningServer> {
  const server = createServer(app);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const lifecycle = app.locals.lifecycle as Lifecycle | undefined;
  let stopping: Promise<void> | undefined;

  const stop = () => {
    stopping ??= (async () => {
      if (lifecycle) lifecycle.shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, options.shutdownTimeoutMs ?? 9000);
      });
      // Keep-alive sockets that finish a request after close() began are closed by the Connection: close header;
      // idle ones are swept here until the listener has drained.
      const sweeper = setInterval(() => server.closeIdleConnections(), 100);
      await Promise.race([closed, deadline]);
      clearInterval(sweeper);
      clearTimeout(timer);
      await options.onDrained?.();
    })();
    return stopping;
  };
  return { server, port, url: `http://127.0.0.1:${port}`, stop };
}
