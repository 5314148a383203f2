import { TerraformVariable } from "cdktn";
import { Monitoring } from "../../src/monitoring/monitoring.js";
import { dataSources, named, only, resources, synth, testStack, type Synthesized } from "../helpers/synth.js";

const base = {
  autoScalingGroupName: "asg-1",
  loadBalancerArnSuffix: "app/alb/1",
  targetGroupArnSuffix: "targetgroup/app/2",
  dbClusterIdentifier: "db-1",
  cacheClusterIds: ["cache-001", "cache-002"],
};

type Widget = { x: number; y: number; properties: { title: string; metrics: (string | object)[][] } };

/** The dashboard's widgets, parsed from its body. */
function widgets(s: Synthesized): Widget[] {
  return (JSON.parse(String(only(s, "aws_cloudwatch_dashboard")["dashboard_body"])) as { widgets: Widget[] })
    .widgets;
}

/** The metric lines of the widget whose title starts with `title`, without their options. */
function lines(s: Synthesized, title: string): (string | object)[][] {
  const found = widgets(s).filter((w) => w.properties.title.startsWith(title));
  if (found.length !== 1) throw new Error(`expected one widget titled ${title}*, found ${found.length}`);
  return found[0]!.properties.metrics.map((m) => m.filter((part) => typeof part === "string"));
}

describe("Monitoring", () => {
  const stack = testStack();
  const monitoring = new Monitoring(stack, "mon", {
    ...base,
    alarmEmails: ["oncall@example.com", "dev@example.com"],
    databaseHasReaders: true,
    queueName: "ticketing-notifications",
    deadLetterQueueName: "ticketing-notifications-dlq",
  });
  const s = synth(stack);
  const alarms = resources(s, "aws_cloudwatch_metric_alarm");
  const topic = resources(s, "aws_sns_topic")[0];
  const topicArn = `\${aws_sns_topic.${topic?.name}.arn}`;

  test("sends every alarm and its recovery to the alert topic", () => {
    expect(alarms).toHaveLength(15);
    for (const a of alarms) {
      expect(a.config["alarm_actions"]).toEqual([topicArn]);
      expect(a.config["ok_actions"]).toEqual([topicArn]);
    }
    expect(monitoring.alarmNames).toHaveLength(15);
  });

  test("finding 11: alarms on dead letters, Aurora CPU and replica lag, and ElastiCache engine CPU and replication lag", () => {
    expect(named(s, "aws_cloudwatch_metric_alarm", "dead-letters")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "ticketing-notifications-dlq" },
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "db-cpu")).toMatchObject({
      metric_name: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "db-1", Role: "WRITER" },
      threshold: 80,
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "db-replica-lag")).toMatchObject({
      metric_name: "AuroraReplicaLagMaximum",
      threshold: 1000,
    });
    for (const node of [1, 2]) {
      expect(named(s, "aws_cloudwatch_metric_alarm", `redis-engine-cpu-${node}`)).toMatchObject({
        metric_name: "EngineCPUUtilization",
        dimensions: { CacheClusterId: `cache-00${node}` },
      });
      expect(named(s, "aws_cloudwatch_metric_alarm", `redis-replication-lag-${node}`)).toMatchObject({
        metric_name: "ReplicationLag",
        treat_missing_data: "notBreaching",
      });
    }
  });

  test("alarms when the queue's oldest message waited an hour: its consumer stopped or never started", () => {
    expect(named(s, "aws_cloudwatch_metric_alarm", "queue-age")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: "ticketing-notifications" },
      statistic: "Maximum",
      threshold: 3600,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    });
  });

  test("without readers, replicas or a dead-letter queue, raises none of their alarms", () => {
    const stack2 = testStack();
    new Monitoring(stack2, "mon", { ...base, cacheClusterIds: ["cache-001"] });
    const names = resources(synth(stack2), "aws_cloudwatch_metric_alarm").map((a) =>
      String(a.config["alarm_name"]),
    );
    expect(names.filter((n) => /replica|replication|dead-letters/.test(n))).toEqual([]);
  });

  test("encrypts the alert topic with a rotating key CloudWatch may use", () => {
    const key = resources(s, "aws_kms_key")[0];
    expect(topic?.config["kms_master_key_id"]).toBe(`\${aws_kms_key.${key?.name}.arn}`);
    expect(key?.config["enable_key_rotation"]).toBe(true);
    const doc = dataSources(s, "aws_iam_policy_document")[0]?.config as {
      statement: { sid: string; principals: unknown[]; actions: string[] }[];
    };
    const cloudwatch = doc.statement.find((st) => st.sid === "CloudWatchPublishes");
    expect(cloudwatch?.principals).toEqual([{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }]);
    expect(cloudwatch?.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });

  test("subscribes each address to the alert topic by e-mail", () => {
    const subs = resources(s, "aws_sns_topic_subscription").map((r) => r.config);
    expect(subs).toEqual([
      expect.objectContaining({ protocol: "email", endpoint: "oncall@example.com", topic_arn: topicArn }),
      expect.objectContaining({ protocol: "email", endpoint: "dev@example.com", topic_arn: topicArn }),
    ]);
  });

  test("alarms on the thresholds the runbook names", () => {
    expect(named(s, "aws_cloudwatch_metric_alarm", "healthy-targets")).toMatchObject({
      metric_name: "HealthyHostCount",
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
      dimensions: { LoadBalancer: "app/alb/1", TargetGroup: "targetgroup/app/2" },
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "db-connections")).toMatchObject({
      metric_name: "DatabaseConnections",
      threshold: 80,
      dimensions: { DBClusterIdentifier: "db-1" },
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "redis-memory-2")).toMatchObject({
      metric_name: "DatabaseMemoryUsagePercentage",
      threshold: 80,
      dimensions: { CacheClusterId: "cache-002" },
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "p99-latency")).toMatchObject({
      extended_statistic: "p99",
      threshold: 1,
    });
    expect(named(s, "aws_cloudwatch_metric_alarm", "high-cpu")).toMatchObject({
      metric_name: "CPUUtilization",
      threshold: 85,
    });
    const rate = named(s, "aws_cloudwatch_metric_alarm", "http-5xx-rate");
    expect(rate["threshold"]).toBe(5);
    const queries = rate["metric_query"] as { id: string; expression?: string; return_data?: boolean }[];
    expect(queries.map((q) => q.id)).toEqual(["elb5xx", "target5xx", "requests", "rate"]);
    expect(queries.find((q) => q.return_data)?.expression).toContain("/ requests");
  });

  test("draws the ALB, fleet, data stores, the app's metrics, its waiting room and the outbox on the dashboard", () => {
    const body = widgets(s);
    expect(body.map((w) => w.properties.title)).toEqual([
      "ALB healthy / unhealthy targets",
      "ALB requests",
      "Target response time (p50 / p99, s)",
      "5xx (ALB and targets)",
      "EC2 CPU (%)",
      "ASG capacity",
      "Aurora connections",
      "Redis memory used (%)",
      "App metrics (Ticketing)",
      "Waiting room: new tickets and refused joins (per minute)",
      "Waiting room: admitted, expired and settled (per minute)",
      "Outbox queue: messages waiting and sent, relay failures",
      "Outbox queue: oldest message (s)",
      "Outbox dead letters (messages)",
    ]);
    // Two widgets a row, in order.
    expect(body.map((w) => [w.x, w.y]).slice(-3)).toEqual([
      [12, 30],
      [0, 36],
      [12, 36],
    ]);
    const namespaces = new Set(body.flatMap((w) => w.properties.metrics.map((m) => m[0])));
    expect([...namespaces].sort()).toEqual([
      "AWS/ApplicationELB",
      "AWS/AutoScaling",
      "AWS/EC2",
      "AWS/ElastiCache",
      "AWS/RDS",
      "AWS/SQS",
      "Ticketing",
    ]);
  });

  test("draws the app metrics the app sends by default", () => {
    expect(lines(s, "App metrics")).toEqual([
      ["Ticketing", "ReservationsConfirmed"],
      ["Ticketing", "SeatsReserved"],
      ["Ticketing", "SoldOut"],
      ["Ticketing", "CacheHits"],
      ["Ticketing", "CacheMisses"],
    ]);
  });

  test("draws the waiting room's arrivals and admissions from the app's counters", () => {
    expect(lines(s, "Waiting room: new tickets")).toEqual([
      ["Ticketing", "WaitingRoomJoins"],
      ["Ticketing", "WaitingRoomJoinsLimited"],
    ]);
    expect(lines(s, "Waiting room: admitted")).toEqual([
      ["Ticketing", "WaitingRoomAdmitted"],
      ["Ticketing", "WaitingRoomAdmissionsExpired"],
      ["Ticketing", "WaitingRoomAdmissionsReserved"],
      ["Ticketing", "WaitingRoomAdmissionsRefused"],
      ["Ticketing", "WaitingRoomAdmissionsAbandoned"],
    ]);
  });

  test("draws the outbox queue's depth, sends and oldest message, the relay's failures and the dead letters", () => {
    const queue = ["QueueName", "ticketing-notifications"];
    expect(lines(s, "Outbox queue: messages")).toEqual([
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", ...queue],
      ["AWS/SQS", "NumberOfMessagesSent", ...queue],
      ["Ticketing", "OutboxRefused"],
      ["Ticketing", "OutboxErrors"],
    ]);
    expect(lines(s, "Outbox queue: oldest")).toEqual([
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...queue],
    ]);
    expect(lines(s, "Outbox dead letters")).toEqual([
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "ticketing-notifications-dlq"],
    ]);
  });

  test("without the queues, draws no outbox widget and raises no dead-letter alarm", () => {
    const stack2 = testStack();
    new Monitoring(stack2, "mon", base);
    const s2 = synth(stack2);
    const titles = widgets(s2).map((w) => w.properties.title);
    expect(titles.filter((t) => t.startsWith("Outbox"))).toEqual([]);
    expect(titles).toContain("Waiting room: admitted, expired and settled (per minute)");
    expect(String(only(s2, "aws_cloudwatch_dashboard")["dashboard_body"])).not.toContain("AWS/SQS");
    const names = resources(s2, "aws_cloudwatch_metric_alarm").map((a) => a.config["alarm_name"]);
    expect(names).not.toContain("ticketing-dead-letters");
    expect(names).not.toContain("ticketing-queue-age");
  });

  test("with only the dead-letter queue, alarms on it and draws it, but no queue widgets", () => {
    const stack2 = testStack();
    new Monitoring(stack2, "mon", { ...base, deadLetterQueueName: "orders-dlq" });
    const s2 = synth(stack2);
    expect(
      widgets(s2)
        .map((w) => w.properties.title)
        .filter((t) => t.startsWith("Outbox")),
    ).toEqual(["Outbox dead letters (messages)"]);
    expect(named(s2, "aws_cloudwatch_metric_alarm", "dead-letters")["dimensions"]).toEqual({
      QueueName: "orders-dlq",
    });
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new Monitoring(stack2, "mon", {
      ...base,
      name: "shop",
      thresholds: { dbConnections: { threshold: 200, periodSeconds: 60, evaluationPeriods: 1 } },
      appMetricsNamespace: "Shop",
      appMetricNames: ["Orders"],
      queueName: "shop-orders.fifo",
      deadLetterQueueName: "shop-orders-dlq.fifo",
      encryptAlertTopic: false,
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    expect(named(s2, "aws_cloudwatch_metric_alarm", "db-connections")).toMatchObject({
      alarm_name: "shop-db-connections",
      threshold: 200,
      period: 60,
      evaluation_periods: 1,
    });
    expect(resources(s2, "aws_sns_topic_subscription")).toHaveLength(0);
    expect(resources(s2, "aws_kms_key")).toHaveLength(0);
    expect(lines(s2, "App metrics (Shop)")).toEqual([["Shop", "Orders"]]);
    expect(lines(s2, "Waiting room: new tickets")).toEqual([
      ["Shop", "WaitingRoomJoins"],
      ["Shop", "WaitingRoomJoinsLimited"],
    ]);
    expect(lines(s2, "Outbox queue: oldest")).toEqual([
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "shop-orders.fifo"],
    ]);
  });

  test.each([
    ["a malformed e-mail", { alarmEmails: ["oncall"] }, "alarmEmails[0]"],
    ["a queue name with a space", { queueName: "my queue" }, "queueName"],
    ["an empty dead-letter queue name", { deadLetterQueueName: "" }, "deadLetterQueueName"],
    ["a queue name of 81 characters", { queueName: "q".repeat(81) }, "queueName"],
    ["AWS's own namespace", { appMetricsNamespace: "AWS/SQS" }, "appMetricsNamespace"],
    ["a blank metric name", { appMetricNames: ["Orders", " "] }, "appMetricNames[1]"],
    [
      "a 90 s period",
      { thresholds: { p99Latency: { threshold: 1, periodSeconds: 90, evaluationPeriods: 1 } } },
      "thresholds.p99Latency.periodSeconds",
    ],
    [
      "a negative threshold",
      { thresholds: { highCpu: { threshold: -1, periodSeconds: 60, evaluationPeriods: 1 } } },
      "thresholds.highCpu.threshold",
    ],
  ])("refuses %s with E_INVALID_PROP", (_case, props, prop) => {
    expect(() => new Monitoring(testStack(), "mon", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop }),
    );
  });

  test("takes a queue name that is a token as it is", () => {
    const stack2 = testStack();
    const queueName = new TerraformVariable(stack2, "queue_name", { type: "string" }).stringValue;
    new Monitoring(stack2, "mon", { ...base, queueName });
    expect(lines(synth(stack2), "Outbox queue: oldest")).toEqual([
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${var.queue_name}"],
    ]);
  });
});
