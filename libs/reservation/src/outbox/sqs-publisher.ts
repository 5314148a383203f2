import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from "@aws-sdk/client-sqs";
import { InvalidInputError } from "../errors.js";
import type { OutboxMessage } from "./outbox.js";
import type { OutboxPublisher, PublishFailure } from "./relay.js";

/** The one call the publisher makes: an `SQSClient` of `@aws-sdk/client-sqs` fits (and a test's mock of one). */
export interface SqsSendClient {
  send(
    command: SendMessageBatchCommand,
    options?: { abortSignal?: AbortSignal },
  ): Promise<SendMessageBatchCommandOutput>;
}

export interface SqsPublisherOptions {
  client: SqsSendClient;
  /** The queue's URL (least privilege: the relay needs `sqs:SendMessage` on it, nothing else). */
  queueUrl: string;
  /**
   * A FIFO queue: each message gets MessageGroupId = the reservation's id (in order per reservation) and
   * MessageDeduplicationId = the message's id (SQS drops a re-send within its 5-minute window).
   * @default true when `queueUrl` ends with ".fifo"
   */
  fifo?: boolean;
  /** A SendMessageBatch call is aborted after this long, in ms (keep it below the relay's lease). @default 10000 */
  timeoutMs?: number;
}

/** SQS's codes for "slow down", on the whole call or on one entry. */
const THROTTLING = new Set([
  "RequestThrottled",
  "ThrottlingException",
  "KmsThrottled",
  "OverLimit",
  "Throttling",
]);

/**
 * Publishes outbox messages with SendMessageBatch (up to 10 a call). The body is the message as JSON (`id`, `type`,
 * `sequence`, `occurredAt`, `reservation`); the attributes `type` and `eventId` let subscribers filter. A failed call
 * fails all its entries, a partial failure only the entries SQS lists as failed.
 */
export class SqsPublisher implements OutboxPublisher {
  readonly maxBatch = 10;
  private readonly fifo: boolean;
  private readonly timeoutMs: number;

  constructor(private readonly options: SqsPublisherOptions) {
    if (typeof options?.queueUrl !== "string" || !/^https?:\/\//.test(options.queueUrl)) {
      throw new InvalidInputError([{ path: "options.queueUrl", message: "must be the queue's https URL" }]);
    }
    this.fifo = options.fifo ?? options.queueUrl.endsWith(".fifo");
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async publish(messages: readonly OutboxMessage[]): Promise<PublishFailure[]> {
    const entries: SendMessageBatchRequestEntry[] = messages.map((message, i) => this.entry(message, i));
    let output: SendMessageBatchCommandOutput;
    try {
      output = await this.options.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: entries }),
        { abortSignal: AbortSignal.timeout(this.timeoutMs) },
      );
    } catch (error) {
      const code = errorCode(error);
      return messages.map((m) => ({
        id: m.id,
        code,
        throttled: THROTTLING.has(code) || status(error) === 429,
      }));
    }
    const succeeded = new Set((output.Successful ?? []).map((s) => s.Id));
    const failed = new Map((output.Failed ?? []).map((f) => [f.Id, f.Code ?? "Unknown"]));
    return messages.flatMap((message, i) => {
      const id = `m${i}`;
      if (succeeded.has(id) && !failed.has(id)) return [];
      // Neither listed as sent nor as failed: not acknowledged, so sent again.
      const code = failed.get(id) ?? "NotAcknowledged";
      return [{ id: message.id, code, throttled: THROTTLING.has(code) }];
    });
  }

  private entry(message: OutboxMessage, index: number): SendMessageBatchRequestEntry {
    const { attempts: _attempts, ...body } = message;
    return {
      Id: `m${index}`,
      MessageBody: JSON.stringify(body),
      MessageAttributes: {
        type: { DataType: "String", StringValue: message.type },
        eventId: { DataType: "String", StringValue: message.reservation.eventId },
      },
      ...(this.fifo ? { MessageGroupId: message.reservation.id, MessageDeduplicationId: message.id } : {}),
    };
  }
}

function errorCode(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown } | null;
  if (typeof e?.Code === "string") return e.Code;
  return typeof e?.name === "string" ? e.name : "Error";
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}
