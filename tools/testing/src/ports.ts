import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Whether process `pid` holds a socket listening on TCP `port`, from Linux's /proc: a port that answers may belong to
 * another process that took it between `freePort()` and our server's bind. Where /proc cannot tell, true.
 */
export function listensOn(pid: number, port: number): boolean {
  const tables = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((table) => {
    try {
      return [readFileSync(table, "utf8")];
    } catch {
      return []; // no /proc, or no IPv6
    }
  });
  if (tables.length === 0) return true;
  const inodes = new Set<string>();
  for (const table of tables) {
    for (const line of table.split("\n").slice(1)) {
      // sl local_address rem_address st ... inode; st 0A is LISTEN
      const fields = line.trim().split(/\s+/);
      const localPort = fields[1]?.split(":")[1];
      if (fields[3] === "0A" && localPort && parseInt(localPort, 16) === port && fields[9])
        inodes.add(`socket:[${fields[9]}]`);
    }
  }
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (error) {
    // Another user's process: /proc cannot tell. A process that is gone holds nothing.
    return (error as NodeJS.ErrnoException).code === "EACCES";
  }
  return fds.some((fd) => {
    try {
      return inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false;
    }
  });
}

export async function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
