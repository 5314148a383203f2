import { createServer, connect, type Server, type Socket } from "node:net";
import { startTcpProxy, type TcpProxy } from "../src/index.js";

let echo: Server;
let echoPort: number;
const proxies: TcpProxy[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", () => resolve()));
  echoPort = (echo.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await new Promise((resolve) => echo.close(resolve));
});

async function proxy(): Promise<TcpProxy> {
  const started = await startTcpProxy({ port: echoPort });
  proxies.push(started);
  return started;
}

function client(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" }, () => resolve(socket));
    socket.once("error", reject);
    sockets.push(socket);
  });
}

function reply(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once("data", (data) => resolve(data.toString())));
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once("close", () => resolve()));
}

describe("startTcpProxy", () => {
  test("passes bytes both ways, in order, with or without a delay", async () => {
    const through = await proxy();
    const socket = await client(through.port);
    socket.write("one");
    expect(await reply(socket)).toBe("one");
    through.setDelay(30);
    let received = "";
    const both = new Promise<void>((resolve) =>
      socket.on("data", (data) => {
        received += data.toString();
        if (received.length >= 2) resolve();
      }),
    );
    socket.write("a");
    socket.write("b");
    await both;
    expect(received).toBe("ab");
  });

  test("cuts every open connection and accepts new ones", async () => {
    const through = await proxy();
    const socket = await client(through.port);
    socket.on("error", () => {});
    const gone = closed(socket);
    through.cut();
    await gone;
    const again = await client(through.port);
    again.write("back");
    expect(await reply(again)).toBe("back");
  });

  test("refuses connections while partitioned in refuse mode, and passes them again once healed", async () => {
    const through = await proxy();
    through.partition("refuse");
    const refused = connect({ port: through.port, host: "127.0.0.1" });
    refused.on("error", () => {});
    await closed(refused);
    through.heal();
    const socket = await client(through.port);
    socket.write("healed");
    expect(await reply(socket)).toBe("healed");
  });

  test("holds every byte while blackholed, keeping the connection open, and delivers them in order once healed", async () => {
    const through = await proxy();
    const socket = await client(through.port);
    through.partition("blackhole");
    let received = "";
    socket.on("data", (data) => (received += data.toString()));
    socket.write("held ");
    socket.write("back");
    // The echo server would answer within milliseconds; nothing comes through a black hole.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toBe("");
    expect(socket.destroyed).toBe(false);
    expect(through.connections).toBe(1);
    const both = new Promise<void>((resolve) => socket.on("data", () => received.length >= 9 && resolve()));
    through.heal();
    await both;
    expect(received).toBe("held back");
  });
});
