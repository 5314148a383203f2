import {
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";

/** One message SQS accepted, in the order it accepted them. */
export interface Delivery {
  id: string;
  reservationId: string;
  sequence: number;
  type: string;
  groupId: string | undefined;
  deduplicationId: string | undefined;
  /** Which SendMessageBatch call carried it. */
  call: number;
}

/** What the fake queue does with one call: accept all, throw, or fail some entries (by index in the call). */
export type Verdict =
  { kind: "accept" } | { kind: "throw"; name: string } | { kind: "fail"; entries: number[]; code: string };

/**
 * SQS's SendMessageBatch, mocked with aws-sdk-client-mock: records what it accepts and answers as `decide` says. It
 * also checks the relay's promise that no two calls in flight at once carry changes of the same reservation.
 */
export function fakeQueue(
  decide: (call: number, input: SendMessageBatchCommandInput) => Verdict = () => ({ kind: "accept" }),
) {
  const mock = mockClient(SQSClient);
  const client = new SQSClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const delivered: Delivery[] = [];
  const inFlight = new Set<string>();
  const overlaps: string[] = [];
  let calls = 0;
  mock.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
    const call = ++calls;
    const entries = input.Entries ?? [];
    const bodies = entries.map(
      (e) =>
        JSON.parse(e.MessageBody!) as {
          id: string;
          sequence: number;
          type: string;
          reservation: { id: string };
        },
    );
    const groups = bodies.map((b) => b.reservation.id);
    for (const group of groups) {
      if (inFlight.has(group)) overlaps.push(group);
      inFlight.add(group);
    }
    try {
      // Calls overlap, as they do over a network.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      const verdict = decide(call, input);
      if (verdict.kind === "throw") {
        throw Object.assign(new Error(`${verdict.name} (injected)`), { name: verdict.name, $metadata: {} });
      }
      const failed = verdict.kind === "fail" ? new Set(verdict.entries) : new Set<number>();
      const output: SendMessageBatchCommandOutput = { Successful: [], Failed: [], $metadata: {} };
      entries.forEach((entry, i) => {
        if (failed.has(i) && verdict.kind === "fail") {
          output.Failed!.push({ Id: entry.Id, Code: verdict.code, SenderFault: false });
          return;
        }
        const body = bodies[i]!;
        delivered.push({
          id: body.id,
          reservationId: body.reservation.id,
          sequence: body.sequence,
          type: body.type,
          groupId: entry.MessageGroupId,
          deduplicationId: entry.MessageDeduplicationId,
          call,
        });
        output.Successful!.push({ Id: entry.Id, MessageId: `mid-${call}-${i}`, MD5OfMessageBody: "" });
      });
      return output;
    } finally {
      for (const group of groups) inFlight.delete(group);
    }
  });
  return {
    client,
    delivered,
    overlaps,
    get calls() {
      return calls;
    },
    restore: () => mock.restore(),
  };
}
