import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktn/provider-aws/lib/cloudwatch-dashboard/index.js";
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktn/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { DataAwsCallerIdentity } from "@cdktn/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document/index.js";
import { DataAwsPartition } from "@cdktn/provider-aws/lib/data-aws-partition/index.js";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { KmsKey } from "@cdktn/provider-aws/lib/kms-key/index.js";
import { SnsTopic } from "@cdktn/provider-aws/lib/sns-topic/index.js";
import { SnsTopicSubscription } from "@cdktn/provider-aws/lib/sns-topic-subscription/index.js";
import { InvalidPropError } from "../errors.js";
import {
  assertInt,
  assertMatches,
  CLOUDWATCH_NAMESPACE_PATTERN,
  EMAIL_PATTERN,
  METRIC_NAME_PATTERN,
  NAME_PATTERN,
  SQS_QUEUE_NAME_PATTERN,
} from "../validate.js";
import { DEFAULT_APP_METRIC_NAMES, renderDashboard } from "./dashboard.js";

/** One alarm's trigger: `threshold` in the metric's unit, `periodSeconds` × `evaluationPeriods` before it fires. */
export interface AlarmSettings {
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

export interface AlarmThresholds {
  /** Average fleet CPU, percent. @default { threshold: 85, periodSeconds: 300, evaluationPeriods: 3 } */
  readonly highCpu?: AlarmSettings;
  /** Fires when healthy targets drop below this. @default { threshold: 1, periodSeconds: 60, evaluationPeriods: 2 } */
  readonly healthyTargets?: AlarmSettings;
  /** Aurora connections (max across the cluster). @default { threshold: 80, periodSeconds: 300, evaluationPeriods: 2 } */
  readonly dbConnections?: AlarmSettings;
  /** Redis `DatabaseMemoryUsagePercentage` per node. @default { threshold: 80, periodSeconds: 300, evaluationPeriods: 2 } */
  readonly redisMemory?: AlarmSettings;
  /** 5xx responses (ALB + targets) as a percentage of requests. @default { threshold: 5, periodSeconds: 60, evaluationPeriods: 3 } */
  readonly http5xxRate?: AlarmSettings;
  /** p99 target response time, seconds. @default { threshold: 1, periodSeconds: 60, evaluationPeriods: 5 } */
  readonly p99Latency?: AlarmSettings;
  /** Aurora writer CPU, percent. @default { threshold: 80, periodSeconds: 300, evaluationPeriods: 3 } */
  readonly dbCpu?: AlarmSettings;
  /** Aurora replica lag, milliseconds (with readers). @default { threshold: 1000, periodSeconds: 60, evaluationPeriods: 5 } */
  readonly dbReplicaLag?: AlarmSettings;
  /** ElastiCache engine CPU per node, percent. @default { threshold: 80, periodSeconds: 300, evaluationPeriods: 3 } */
  readonly redisEngineCpu?: AlarmSettings;
  /** ElastiCache replication lag per node, seconds (with replicas). @default { threshold: 1, periodSeconds: 60, evaluationPeriods: 5 } */
  readonly redisReplicationLag?: AlarmSettings;
  /** Messages waiting in the dead-letter queue. @default { threshold: 0, periodSeconds: 300, evaluationPeriods: 1 } */
  readonly deadLetters?: AlarmSettings;
  /**
   * Age of the outbox queue's oldest message, seconds: its consumer stopped, or none was deployed, and messages expire
   * with the queue's retention. @default { threshold: 3600, periodSeconds: 300, evaluationPeriods: 1 }
   */
  readonly queueAge?: AlarmSettings;
}

export const DEFAULT_ALARM_THRESHOLDS: Required<AlarmThresholds> = {
  highCpu: { threshold: 85, periodSeconds: 300, evaluationPeriods: 3 },
  healthyTargets: { threshold: 1, periodSeconds: 60, evaluationPeriods: 2 },
  dbConnections: { threshold: 80, periodSeconds: 300, evaluationPeriods: 2 },
  redisMemory: { threshold: 80, periodSeconds: 300, evaluationPeriods: 2 },
  http5xxRate: { threshold: 5, periodSeconds: 60, evaluationPeriods: 3 },
  p99Latency: { threshold: 1, periodSeconds: 60, evaluationPeriods: 5 },
  dbCpu: { threshold: 80, periodSeconds: 300, evaluationPeriods: 3 },
  dbReplicaLag: { threshold: 1000, periodSeconds: 60, evaluationPeriods: 5 },
  redisEngineCpu: { threshold: 80, periodSeconds: 300, evaluationPeriods: 3 },
  redisReplicationLag: { threshold: 1, periodSeconds: 60, evaluationPeriods: 5 },
  deadLetters: { threshold: 0, periodSeconds: 300, evaluationPeriods: 1 },
  queueAge: { threshold: 3600, periodSeconds: 300, evaluationPeriods: 1 },
};

export interface MonitoringProps {
  readonly autoScalingGroupName: string;
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly dbClusterIdentifier: string;
  /** ElastiCache member cluster ids (`<group>-001`, ...). */
  readonly cacheClusterIds: readonly string[];
  /** The cluster has readers: watch their lag. @default false */
  readonly databaseHasReaders?: boolean;
  /**
   * The SQS queue the app's outbox is relayed to (`NotificationQueue.queueName`): its depth, sends and oldest message,
   * with the app's relay failures, on the dashboard, and the `queue-age` alarm on its oldest message.
   * @default none (no outbox widgets, no alarm)
   */
  readonly queueName?: string;
  /**
   * Its dead-letter queue (`NotificationQueue.deadLetterQueueName`): the `dead-letters` alarm fires on any message in
   * it, and the dashboard draws it. @default none (no alarm, no widget)
   */
  readonly deadLetterQueueName?: string;
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Addresses subscribed to the alert topic (each must confirm the subscription e-mail). @default [] */
  readonly alarmEmails?: readonly string[];
  /** Per-alarm overrides. @default DEFAULT_ALARM_THRESHOLDS */
  readonly thresholds?: AlarmThresholds;
  /**
   * The namespace the app sends its metrics to (its `METRICS_NAMESPACE`); the app-metrics, waiting-room and outbox
   * widgets draw from it. @default "Ticketing"
   */
  readonly appMetricsNamespace?: string;
  /**
   * App metrics drawn in the "App metrics" widget, by name, without dimensions (the waiting-room and outbox counters
   * have widgets of their own).
   * @default DEFAULT_APP_METRIC_NAMES: ["ReservationsConfirmed", "SeatsReserved", "SoldOut", "CacheHits", "CacheMisses"]
   */
  readonly appMetricNames?: readonly string[];
  /**
   * Encrypt the alert topic with a customer-managed KMS key whose policy lets CloudWatch publish (the AWS-managed
   * aws/sns key does not, so alarms would silently fail to notify). @default true
   */
  readonly encryptAlertTopic?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Alert SNS topic with e-mail subscriptions, the platform's alarms (all notify the topic) and a dashboard: the ALB,
 * fleet, data stores, the app's metrics and waiting room, and the outbox's queue and dead letters when named.
 */
export class Monitoring extends Construct {
  readonly alertTopicArn: string;
  readonly dashboardName: string;
  readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    (props.alarmEmails ?? []).forEach((e, i) =>
      assertMatches(path, `alarmEmails[${i}]`, e, EMAIL_PATTERN, "an e-mail address"),
    );
    for (const prop of ["queueName", "deadLetterQueueName"] as const) {
      assertMatches(
        path,
        prop,
        props[prop],
        SQS_QUEUE_NAME_PATTERN,
        "an SQS queue name (up to 80 of A-Z a-z 0-9 - _)",
      );
    }
    assertMatches(
      path,
      "appMetricsNamespace",
      props.appMetricsNamespace,
      CLOUDWATCH_NAMESPACE_PATTERN,
      "a CloudWatch namespace (up to 255 printable ASCII characters, not starting with AWS/)",
    );
    (props.appMetricNames ?? []).forEach((m, i) =>
      assertMatches(
        path,
        `appMetricNames[${i}]`,
        m,
        METRIC_NAME_PATTERN,
        "a metric name (up to 255 printable ASCII characters)",
      ),
    );
    const t = { ...DEFAULT_ALARM_THRESHOLDS, ...props.thresholds };
    for (const [key, s] of Object.entries(t)) {
      assertInt(path, `thresholds.${key}.evaluationPeriods`, s.evaluationPeriods, 1, 100);
      if (s.periodSeconds < 60 || s.periodSeconds % 60 !== 0) {
        throw new InvalidPropError(
          path,
          `thresholds.${key}.periodSeconds`,
          s.periodSeconds,
          "must be a multiple of 60",
        );
      }
      if (!Number.isFinite(s.threshold) || s.threshold < 0) {
        throw new InvalidPropError(
          path,
          `thresholds.${key}.threshold`,
          s.threshold,
          "must be a non-negative number",
        );
      }
    }

    const topic = new SnsTopic(this, "alerts", {
      name: `${name}-alerts`,
      kmsMasterKeyId: props.encryptAlertTopic === false ? undefined : this.alertKey(name, props.tags),
      tags: props.tags,
    });
    (props.alarmEmails ?? []).forEach(
      (endpoint, i) =>
        new SnsTopicSubscription(this, `email-${i}`, { topicArn: topic.arn, protocol: "email", endpoint }),
    );
    this.alertTopicArn = topic.arn;

    const actions = { alarmActions: [topic.arn], okActions: [topic.arn], tags: props.tags };
    const lb = { LoadBalancer: props.loadBalancerArnSuffix };
    const alarms: CloudwatchMetricAlarm[] = [];
    const alarm = (key: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName">) => {
      const a = new CloudwatchMetricAlarm(this, key, { alarmName: `${name}-${key}`, ...actions, ...config });
      alarms.push(a);
    };
    alarm("high-cpu", {
      alarmDescription: `Fleet CPU above ${t.highCpu.threshold}% even after scaling out`,
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { AutoScalingGroupName: props.autoScalingGroupName },
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      ...settings(t.highCpu),
    });
    alarm("healthy-targets", {
      alarmDescription: `Fewer than ${t.healthyTargets.threshold} healthy target(s) behind the load balancer`,
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      dimensions: { ...lb, TargetGroup: props.targetGroupArnSuffix },
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      // No data means no healthy host reported at all: treat it as the outage it is.
      treatMissingData: "breaching",
      ...settings(t.healthyTargets),
    });
    alarm("db-connections", {
      alarmDescription: `Aurora connections above ${t.dbConnections.threshold}`,
      namespace: "AWS/RDS",
      metricName: "DatabaseConnections",
      dimensions: { DBClusterIdentifier: props.dbClusterIdentifier },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      ...settings(t.dbConnections),
    });
    props.cacheClusterIds.forEach((cacheId, i) =>
      alarm(`redis-memory-${i + 1}`, {
        alarmDescription: `Redis node ${cacheId} memory above ${t.redisMemory.threshold}% (noeviction: writes fail when full)`,
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        dimensions: { CacheClusterId: cacheId },
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        ...settings(t.redisMemory),
      }),
    );
    alarm("db-cpu", {
      alarmDescription: `Aurora writer CPU above ${t.dbCpu.threshold}%`,
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: props.dbClusterIdentifier, Role: "WRITER" },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      ...settings(t.dbCpu),
    });
    if (props.databaseHasReaders) {
      alarm("db-replica-lag", {
        alarmDescription: `Aurora readers more than ${t.dbReplicaLag.threshold} ms behind the writer`,
        namespace: "AWS/RDS",
        metricName: "AuroraReplicaLagMaximum",
        dimensions: { DBClusterIdentifier: props.dbClusterIdentifier },
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        ...settings(t.dbReplicaLag),
      });
    }
    props.cacheClusterIds.forEach((cacheId, i) => {
      alarm(`redis-engine-cpu-${i + 1}`, {
        alarmDescription: `Redis node ${cacheId} engine CPU above ${t.redisEngineCpu.threshold}% (one thread serves every command)`,
        namespace: "AWS/ElastiCache",
        metricName: "EngineCPUUtilization",
        dimensions: { CacheClusterId: cacheId },
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        ...settings(t.redisEngineCpu),
      });
      if (props.cacheClusterIds.length > 1) {
        alarm(`redis-replication-lag-${i + 1}`, {
          alarmDescription: `Redis node ${cacheId} more than ${t.redisReplicationLag.threshold} s behind its primary`,
          namespace: "AWS/ElastiCache",
          metricName: "ReplicationLag",
          dimensions: { CacheClusterId: cacheId },
          statistic: "Maximum",
          comparisonOperator: "GreaterThanThreshold",
          // Only replicas report it, and roles swap on failover.
          treatMissingData: "notBreaching",
          ...settings(t.redisReplicationLag),
        });
      }
    });
    // An SQS queue's worst reading over the period, above its threshold; an idle queue reports nothing.
    const queueAlarm = (
      key: string,
      queueName: string,
      metricName: string,
      description: string,
      s: AlarmSettings,
    ) =>
      alarm(key, {
        alarmDescription: description,
        namespace: "AWS/SQS",
        metricName,
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...settings(s),
      });
    if (props.deadLetterQueueName)
      queueAlarm(
        "dead-letters",
        props.deadLetterQueueName,
        "ApproximateNumberOfMessagesVisible",
        `Messages in the dead-letter queue ${props.deadLetterQueueName}: a consumer failed them repeatedly`,
        t.deadLetters,
      );
    if (props.queueName)
      queueAlarm(
        "queue-age",
        props.queueName,
        "ApproximateAgeOfOldestMessage",
        `A message in ${props.queueName} waited over ${t.queueAge.threshold} s: its consumer is behind or not running`,
        t.queueAge,
      );
    const period = t.http5xxRate.periodSeconds;
    const sum = (id: string, metricName: string) => ({
      id,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period, stat: "Sum" },
    });
    alarm("http-5xx-rate", {
      alarmDescription: `5xx responses above ${t.http5xxRate.threshold}% of requests`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.http5xxRate.threshold,
      evaluationPeriods: t.http5xxRate.evaluationPeriods,
      treatMissingData: "notBreaching",
      metricQuery: [
        sum("elb5xx", "HTTPCode_ELB_5XX_Count"),
        sum("target5xx", "HTTPCode_Target_5XX_Count"),
        sum("requests", "RequestCount"),
        {
          id: "rate",
          expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
          label: "5xx rate (%)",
          returnData: true,
        },
      ],
    });
    alarm("p99-latency", {
      alarmDescription: `p99 target response time above ${t.p99Latency.threshold}s`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: lb,
      extendedStatistic: "p99",
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      ...settings(t.p99Latency),
    });
    this.alarmNames = alarms.map((a) => a.alarmName);

    const region = new DataAwsRegion(this, "region");
    const dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: `${name}-dashboard`,
      dashboardBody: renderDashboard({
        region: region.region,
        autoScalingGroupName: props.autoScalingGroupName,
        loadBalancerArnSuffix: props.loadBalancerArnSuffix,
        targetGroupArnSuffix: props.targetGroupArnSuffix,
        dbClusterIdentifier: props.dbClusterIdentifier,
        cacheClusterIds: props.cacheClusterIds,
        appMetricsNamespace: props.appMetricsNamespace ?? "Ticketing",
        appMetricNames: props.appMetricNames ?? DEFAULT_APP_METRIC_NAMES,
        queueName: props.queueName,
        deadLetterQueueName: props.deadLetterQueueName,
      }),
    });
    this.dashboardName = dashboard.dashboardName;
  }

  private alertKey(name: string, tags: Readonly<Record<string, string>> | undefined): string {
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const policy = new DataAwsIamPolicyDocument(this, "alert-key-policy", {
      statement: [
        {
          sid: "AccountAdministers",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [
            { type: "AWS", identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] },
          ],
        },
        {
          sid: "CloudWatchPublishes",
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        },
      ],
    });
    const key = new KmsKey(this, "alert-key", {
      description: `${name} alert topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 7,
      policy: policy.json,
      tags,
    });
    return key.arn;
  }
}

function settings(s: AlarmSettings) {
  return { threshold: s.threshold, period: s.periodSeconds, evaluationPeriods: s.evaluationPeriods };
}
