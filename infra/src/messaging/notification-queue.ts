import { Construct } from "constructs";
import { SnsTopic } from "@cdktn/provider-aws/lib/sns-topic/index.js";
import { SqsQueue } from "@cdktn/provider-aws/lib/sqs-queue/index.js";
import { InvalidPropError } from "../errors.js";
import { grant, type GrantableRole } from "../iam/grant.js";
import { metric, type MetricSpec } from "../monitoring/metric.js";
import { assertInt, assertMatches, NAME_PATTERN } from "../validate.js";

export interface NotificationQueueProps {
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Seconds a received message stays invisible; at least the consumer's longest handling time. @default 60 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds a message is kept in the main queue. @default 345600 (4 days) */
  readonly messageRetentionSeconds?: number;
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** KMS key for the SNS topic. @default "alias/aws/sns" */
  readonly topicKmsKeyId?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** SQS work queue (SSE, long polling) with a dead-letter queue kept 14 days, plus an encrypted SNS notification topic. */
export class NotificationQueue extends Construct {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  readonly topicArn: string;
  private grants = 0;

  constructor(scope: Construct, id: string, props: NotificationQueueProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertInt(path, "visibilityTimeoutSeconds", props.visibilityTimeoutSeconds, 0, 43_200);
    assertInt(path, "messageRetentionSeconds", props.messageRetentionSeconds, 60, 1_209_600);
    assertInt(path, "maxReceiveCount", props.maxReceiveCount, 1, 1000);
    const retention = props.messageRetentionSeconds ?? 345_600;
    const dlqRetention = 1_209_600;
    if (retention > dlqRetention) {
      throw new InvalidPropError(
        path,
        "messageRetentionSeconds",
        retention,
        "must not exceed the dead-letter queue's 14 days",
      );
    }

    const dlq = new SqsQueue(this, "dead-letter", {
      name: `${name}-notifications-dlq`,
      messageRetentionSeconds: dlqRetention,
      sqsManagedSseEnabled: true,
      tags: props.tags,
    });
    const queue = new SqsQueue(this, "queue", {
      name: `${name}-notifications`,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 60,
      messageRetentionSeconds: retention,
      receiveWaitTimeSeconds: 20,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
      tags: props.tags,
    });
    const topic = new SnsTopic(this, "topic", {
      name: `${name}-notifications`,
      kmsMasterKeyId: props.topicKmsKeyId ?? "alias/aws/sns",
      tags: props.tags,
    });
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.deadLetterQueueArn = dlq.arn;
    this.deadLetterQueueName = dlq.name;
    this.topicArn = topic.arn;
  }

  /**
   * Lets `role` send to the queue, and nothing else: what an outbox relay needs (`SendMessageBatch` is authorised by
   * `sqs:SendMessage`). The queue is encrypted with the SQS-managed key, so no KMS permission is needed.
   */
  grantSendMessages(role: GrantableRole): void {
    grant(
      this,
      `grant-send-messages-${this.grants++}`,
      role,
      `send-messages-${this.node.addr.slice(0, 16)}`,
      [{ actions: ["sqs:SendMessage"], resources: [this.queueArn] }],
    );
  }

  /** Lets `role` send to the queue and publish to the topic (a producer). */
  grantSend(role: GrantableRole): void {
    grant(this, `grant-send-${this.grants++}`, role, `send-${this.node.addr.slice(0, 16)}`, [
      { actions: ["sqs:SendMessage"], resources: [this.queueArn] },
      { actions: ["sns:Publish"], resources: [this.topicArn] },
    ]);
  }

  /** Lets `role` receive and delete messages (a consumer). */
  grantConsume(role: GrantableRole): void {
    grant(this, `grant-consume-${this.grants++}`, role, `consume-${this.node.addr.slice(0, 16)}`, [
      {
        actions: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
        ],
        resources: [this.queueArn],
      },
    ]);
  }

  /** Age of the oldest message in the queue, in seconds: how far its consumer is behind. */
  metricOldestMessageAge(): MetricSpec {
    return metric("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: this.queueName }, "Maximum");
  }

  /** Messages waiting in the dead-letter queue: each one failed `maxReceiveCount` times. */
  metricDeadLetters(): MetricSpec {
    return metric(
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: this.deadLetterQueueName },
      "Maximum",
    );
  }
}
