import { Monitoring } from "../../src/monitoring/monitoring.js";
import { dataSources, named, only, resources, synth, testStack } from "../helpers/synth.js";

const base = {
  autoScalingGroupName: "asg-1",
  loadBalancerArnSuffix: "app/alb/1",
  targetGroupArnSuffix: "targetgroup/app/2",
  dbClusterIdentifier: "db-1",
  cacheClusterIds: ["cache-001", "cache-002"],
};

describe("Monitoring", () => {
  const stack = testStack();
  const monitoring = new Monitoring(stack, "mon", {
    ...base,
    alarmEmails: ["oncall@example.com", "dev@example.com"],
    databaseHasReaders: true,
    deadLetterQueueName: "ticketing-notifications-dlq",
  });
  const s = synth(stack);
  const alarms = resources(s, "aws_cloudwatch_metric_alarm");
  const topic = resources(s, "aws_sns_topic")[0];
  const topicArn = `\${aws_sns_topic.${topic?.name}.arn}`;

  test("sends every alarm and its recovery to the alert topic", () => {
    expect(alarms).toHaveLength(14);
    for (const a of alarms) {
      expect(a.config["alarm_actions"]).toEqual([topicArn]);
      expect(a.config["ok_actions"]).toEqual([topicArn]);
    }
    expect(monitoring.alarmNames).toHaveLength(14);
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

  test("draws the ALB, fleet, data stores and the app's Ticketing metrics on the dashboard", () => {
    const body = JSON.parse(String(only(s, "aws_cloudwatch_dashboard")["dashboard_body"])) as {
      widgets: { properties: { title: string; metrics: unknown[][] } }[];
    };
    const titles = body.widgets.map((w) => w.properties.title);
    expect(titles).toEqual([
      "ALB healthy / unhealthy targets",
      "ALB requests",
      "Target response time (p50 / p99, s)",
      "5xx (ALB and targets)",
      "EC2 CPU (%)",
      "ASG capacity",
      "Aurora connections",
      "Redis memory used (%)",
      "App metrics (Ticketing)",
    ]);
    const namespaces = new Set(body.widgets.flatMap((w) => w.properties.metrics.map((m) => m[0])));
    expect([...namespaces].sort()).toEqual([
      "AWS/ApplicationELB",
      "AWS/AutoScaling",
      "AWS/EC2",
      "AWS/ElastiCache",
      "AWS/RDS",
      "Ticketing",
    ]);
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new Monitoring(stack2, "mon", {
      ...base,
      name: "shop",
      thresholds: { dbConnections: { threshold: 200, periodSeconds: 60, evaluationPeriods: 1 } },
      appMetricsNamespace: "Shop",
      appMetricNames: ["Orders"],
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
    expect(String(only(s2, "aws_cloudwatch_dashboard")["dashboard_body"])).toContain('["Shop","Orders"]');
  });

  test.each([
    ["a malformed e-mail", { alarmEmails: ["oncall"] }],
    [
      "a 90 s period",
      { thresholds: { p99Latency: { threshold: 1, periodSeconds: 90, evaluationPeriods: 1 } } },
    ],
    [
      "a negative threshold",
      { thresholds: { highCpu: { threshold: -1, periodSeconds: 60, evaluationPeriods: 1 } } },
    ],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new Monitoring(testStack(), "mon", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
