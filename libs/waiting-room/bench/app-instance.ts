// One app instance of the benchmark, in a worker thread: its own Redis connection and room, joining or reading the
// buyers it is given. Erasable TypeScript only (Node's type stripping runs it).
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "@redis/client";
// eslint-disable-next-line @nx/enforce-module-boundaries -- the benchmark measures the built package, as users get it
import { createWaitingRoom } from "@ticketing/waiting-room";

export interface InstanceData {
  readonly url: string;
  readonly secret: string;
  /** One Float64: the bench's clock (epoch ms), shared by every instance. */
  readonly clock: SharedArrayBuffer;
  readonly index: number;
  readonly instances: number;
  readonly inFlight: number;
}

/** Join buyers `from` to `to` (this instance takes every `instances`-th), or read statuses of `count` of them. */
export type InstanceTask =
  | { readonly kind: "join"; readonly eventId: string; readonly from: number; readonly to: number }
  | { readonly kind: "status"; readonly eventId: string; readonly count: number; readonly buyers: number }
  | { readonly kind: "close" };

/** For a join: per buyer handled (in order), when it was sent and answered (epoch ms) and whether it was pre-queue. */
export interface InstanceReply {
  readonly indexes: Int32Array;
  readonly sentAt: Float64Array;
  readonly answeredAt: Float64Array;
  readonly preQueue: Uint8Array;
}

export const identity = (i: number): string => `buyer-${i}`;

/** Runs `count` calls of `task`, `inFlight` at a time; returns each call's latency in ms. */
export async function pool(
  count: number,
  inFlight: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies = new Array<number>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies[i] = performance.now() - started;
      }
    }),
  );
  return latencies;
}

async function serve(data: InstanceData): Promise<void> {
  const clock = new Float64Array(data.clock);
  const client = createClient({ url: data.url });
  client.on("error", () => {});
  await client.connect();
  const room = createWaitingRoom({
    redis: client,
    secret: data.secret,
    inventory: () => 0,
    tickMs: 0,
    joinsPerIp: false,
    clock: () => clock[0]!,
  });
  const now = () => performance.timeOrigin + performance.now();
  parentPort!.on("message", async (task: InstanceTask) => {
    if (task.kind === "close") {
      await room.close();
      client.destroy();
      parentPort!.close();
      return;
    }
    if (task.kind === "status") {
      await pool(task.count, data.inFlight, (i) =>
        room.status(task.eventId, identity(((i * data.instances + data.index) * 7_919) % task.buyers)),
      );
      parentPort!.postMessage(null);
      return;
    }
    const mine: number[] = [];
    for (let i = task.from + data.index; i < task.to; i += data.instances) mine.push(i);
    const reply: InstanceReply = {
      indexes: Int32Array.from(mine),
      sentAt: new Float64Array(mine.length),
      answeredAt: new Float64Array(mine.length),
      preQueue: new Uint8Array(mine.length),
    };
    await pool(mine.length, data.inFlight, async (k) => {
      reply.sentAt[k] = now();
      const ticket = await room.join(task.eventId, identity(mine[k]!));
      reply.answeredAt[k] = now();
      reply.preQueue[k] = ticket.status === "pre_queue" ? 1 : 0;
    });
    parentPort!.postMessage(reply);
  });
}

if (parentPort) await serve(workerData as InstanceData);
