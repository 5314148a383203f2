import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * How a partitioned proxy treats traffic: "refuse" resets every connection (the server is gone), "blackhole" keeps
 * connections open and holds every byte until healed, as TCP does across a partition that heals before it times out
 * (bytes are never dropped from a live connection: that would desynchronise request/reply protocols).
 */
export type PartitionMode = "refuse" | "blackhole";

/**
 * A TCP proxy on a loopback port in front of a server, for failure injection: it can delay every chunk, cut every
 * connection, or partition the client from the server until healed. Clients connect to `port` (or `url`).
 */
export interface TcpProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Connections currently open through the proxy. */
  readonly connections: number;
  /** Holds each chunk, in both directions, `ms` before passing it on (0: none). Order is kept. */
  setDelay(ms: number): void;
  /** Destroys every open connection (clients see a reset); new connections are accepted. */
  cut(): void;
  /** Until `heal()`: "refuse" resets open and new connections, "blackhole" holds all bytes on open and new ones. */
  partition(mode: PartitionMode): void;
  heal(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  server: Socket;
}

/** Starts a proxy to `target` (a loopback port by default) on a free loopback port. */
export async function startTcpProxy(target: { port: number; host?: string }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let delayMs = 0;
  let partitioned: PartitionMode | undefined;

  // While blackholed, chunks wait on this gate; heal() opens it.
  let gate: { opened: Promise<void>; open: () => void } | undefined;
  const passable = async () => {
    while (gate) await gate.opened;
  };

  const forward = (from: Socket, to: Socket) => {
    // Chunks wait in one queue per direction, so that neither a delay nor a partition reorders them.
    let pending = Promise.resolve();
    from.on("data", (chunk: Buffer) => {
      const delay = delayMs;
      pending = pending.then(async () => {
        await passable();
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        await passable();
        if (!to.destroyed) to.write(chunk);
      });
    });
  };

  const server: Server = createServer((client) => {
    if (partitioned === "refuse") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ port: target.port, host: target.host ?? "127.0.0.1" });
    const link = { client, server: upstream };
    links.add(link);
    const close = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the proxy has no port");
  const cutAll = () => {
    for (const link of [...links]) {
      links.delete(link);
      link.client.resetAndDestroy();
      link.server.destroy();
    }
  };
  return {
    port: address.port,
    url: `redis://127.0.0.1:${address.port}`,
    get connections() {
      return links.size;
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    cut: cutAll,
    partition(mode) {
      partitioned = mode;
      if (mode === "refuse") cutAll();
      else if (!gate) {
        let open = () => {};
        const opened = new Promise<void>((resolve) => (open = resolve));
        gate = { opened, open };
      }
    },
    heal() {
      partitioned = undefined;
      const closed = gate;
      gate = undefined;
      closed?.open();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        const closed = gate;
        gate = undefined;
        closed?.open();
        server.close(() => resolve());
      }),
  };
}
