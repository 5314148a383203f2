import { NotificationQueue } from "../../src/messaging/notification-queue.js";
import { named, only, resources, synth, testStack } from "../helpers/synth.js";

describe("NotificationQueue", () => {
  test("with minimal props sends messages that fail 5 times to an encrypted dead-letter queue", () => {
    const stack = testStack();
    const queue = new NotificationQueue(stack, "q");
    const s = synth(stack);
    const dlq = resources(s, "aws_sqs_queue").find((r) => r.name.includes("dead-letter"));
    const main = named(s, "aws_sqs_queue", "_queue_");
    expect(dlq?.config).toMatchObject({
      name: "ticketing-notifications-dlq",
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
    });
    expect(main).toMatchObject({
      name: "ticketing-notifications",
      sqs_managed_sse_enabled: true,
      receive_wait_time_seconds: 20,
    });
    expect(main["redrive_policy"]).toContain(`\${aws_sqs_queue.${dlq?.name}.arn}`);
    expect(main["redrive_policy"]).toContain('"maxReceiveCount":5');
    expect(only(s, "aws_sns_topic")).toMatchObject({
      name: "ticketing-notifications",
      kms_master_key_id: "alias/aws/sns",
    });
    expect(queue.topicArn).toBeDefined();
  });

  test("with maximal props uses every setting", () => {
    const stack = testStack();
    new NotificationQueue(stack, "q", {
      name: "shop",
      visibilityTimeoutSeconds: 120,
      messageRetentionSeconds: 86_400,
      maxReceiveCount: 3,
      topicKmsKeyId: "alias/shop",
      tags: { Team: "x" },
    });
    const s = synth(stack);
    expect(named(s, "aws_sqs_queue", "_queue_")).toMatchObject({
      name: "shop-notifications",
      visibility_timeout_seconds: 120,
      message_retention_seconds: 86_400,
    });
    expect(named(s, "aws_sqs_queue", "_queue_")["redrive_policy"]).toContain('"maxReceiveCount":3');
    expect(only(s, "aws_sns_topic")["kms_master_key_id"]).toBe("alias/shop");
  });

  test.each([
    ["retention beyond 14 days", { messageRetentionSeconds: 1_209_601 }],
    ["zero receives", { maxReceiveCount: 0 }],
    ["a 13-hour visibility timeout", { visibilityTimeoutSeconds: 46_800 }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new NotificationQueue(testStack(), "q", props)).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});

describe("NotificationQueue grants", () => {
  test("give a producer send and publish, a consumer receive and delete, and name the dead-letter and oldest-message metrics", () => {
    const stack = testStack();
    const queue = new NotificationQueue(stack, "queue", {});
    queue.grantSend({ name: "producer" });
    queue.grantConsume({ name: "consumer" });
    queue.grantSendMessages({ name: "relay" });
    const s = synth(stack);
    const policies = Object.fromEntries(
      resources(s, "aws_iam_role_policy").map((r) => [
        r.config["role"],
        (JSON.parse(String(r.config["policy"])) as { Statement: { Action: string[] }[] }).Statement.flatMap(
          (st) => st.Action,
        ),
      ]),
    );
    expect(policies).toEqual({
      producer: ["sqs:SendMessage", "sns:Publish"],
      relay: ["sqs:SendMessage"],
      consumer: [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
      ],
    });
    expect(queue.metricDeadLetters()).toMatchObject({ metricName: "ApproximateNumberOfMessagesVisible" });
    expect(queue.metricOldestMessageAge()).toEqual({
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: queue.queueName },
      statistic: "Maximum",
    });
  });
});
