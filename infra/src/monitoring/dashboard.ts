/** Targets the dashboard draws; every value may be a Terraform token. */
export interface DashboardTargets {
  readonly region: string;
  readonly autoScalingGroupName: string;
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly dbClusterIdentifier: string;
  readonly cacheClusterIds: readonly string[];
  readonly appMetricsNamespace: string;
  readonly appMetricNames: readonly string[];
  /** The SQS queue the app's outbox is relayed to; without it, no outbox widgets. */
  readonly queueName?: string;
  /** That queue's dead-letter queue; without it, no dead-letter widget. */
  readonly deadLetterQueueName?: string;
}

// The names below are the counters the app's CloudWatchMetrics sends (CLOUDWATCH_METRIC_NAMES in
// apps/api/src/metrics/cloudwatch.ts); infra imports no app code, so a renamed metric must be renamed here too.

/** App metrics drawn by default in the "App metrics" widget. */
export const DEFAULT_APP_METRIC_NAMES: readonly string[] = [
  "ReservationsConfirmed",
  "SeatsReserved",
  "SoldOut",
  "CacheHits",
  "CacheMisses",
];

/** The app's waiting-room counters, summed over the fleet: arrivals, and what became of admissions. */
export const WAITING_ROOM_METRIC_NAMES = {
  arrivals: ["WaitingRoomJoins", "WaitingRoomJoinsLimited"],
  admissions: [
    "WaitingRoomAdmitted",
    "WaitingRoomAdmissionsExpired",
    "WaitingRoomAdmissionsReserved",
    "WaitingRoomAdmissionsRefused",
    "WaitingRoomAdmissionsAbandoned",
  ],
} as const satisfies Record<string, readonly string[]>;

/** The app's outbox relay counters: messages SQS refused (sent again), and failed reads of the outbox table. */
export const OUTBOX_METRIC_NAMES = ["OutboxRefused", "OutboxErrors"] as const;

type Metric = (string | Record<string, string>)[];

interface Widget {
  readonly title: string;
  readonly metrics: Metric[];
  readonly stat?: string;
}

function place({ title, metrics, stat = "Sum" }: Widget, index: number, region: string) {
  return {
    type: "metric",
    x: (index % 2) * 12,
    y: Math.floor(index / 2) * 6,
    width: 12,
    height: 6,
    properties: { title, region, stat, period: 60, view: "timeSeries", metrics },
  };
}

/**
 * CloudWatch dashboard body, two widgets a row: the ALB, fleet, data stores, the app's own metrics and waiting room,
 * and (with the queue names) the outbox's queue and dead letters.
 */
export function renderDashboard(t: DashboardTargets): string {
  const lb = ["LoadBalancer", t.loadBalancerArnSuffix];
  const tg = ["TargetGroup", t.targetGroupArnSuffix];
  const asg = ["AutoScalingGroupName", t.autoScalingGroupName];
  const app = (names: readonly string[]): Metric[] => names.map((m) => [t.appMetricsNamespace, m]);
  const sqs = (queueName: string, metricName: string, stat: string): Metric => [
    "AWS/SQS",
    metricName,
    "QueueName",
    queueName,
    { stat },
  ];
  const widgets: Widget[] = [
    {
      title: "ALB healthy / unhealthy targets",
      metrics: [
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg, ...lb, { stat: "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, ...lb, { stat: "Maximum" }],
      ],
    },
    { title: "ALB requests", metrics: [["AWS/ApplicationELB", "RequestCount", ...lb]] },
    {
      title: "Target response time (p50 / p99, s)",
      metrics: [
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99" }],
      ],
    },
    {
      title: "5xx (ALB and targets)",
      metrics: [
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb],
      ],
    },
    { title: "EC2 CPU (%)", metrics: [["AWS/EC2", "CPUUtilization", ...asg, { stat: "Average" }]] },
    {
      title: "ASG capacity",
      metrics: [
        ["AWS/AutoScaling", "GroupDesiredCapacity", ...asg, { stat: "Maximum" }],
        ["AWS/AutoScaling", "GroupInServiceInstances", ...asg, { stat: "Maximum" }],
      ],
    },
    {
      title: "Aurora connections",
      metrics: [
        ["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", t.dbClusterIdentifier, { stat: "Maximum" }],
      ],
    },
    {
      title: "Redis memory used (%)",
      metrics: t.cacheClusterIds.map((id) => [
        "AWS/ElastiCache",
        "DatabaseMemoryUsagePercentage",
        "CacheClusterId",
        id,
        { stat: "Maximum" },
      ]),
    },
    { title: `App metrics (${t.appMetricsNamespace})`, metrics: app(t.appMetricNames) },
    {
      title: "Waiting room: new tickets and refused joins (per minute)",
      metrics: app(WAITING_ROOM_METRIC_NAMES.arrivals),
    },
    {
      title: "Waiting room: admitted, expired and settled (per minute)",
      metrics: app(WAITING_ROOM_METRIC_NAMES.admissions),
    },
  ];
  if (t.queueName !== undefined) {
    widgets.push(
      {
        title: "Outbox queue: messages waiting and sent, relay failures",
        metrics: [
          sqs(t.queueName, "ApproximateNumberOfMessagesVisible", "Maximum"),
          sqs(t.queueName, "NumberOfMessagesSent", "Sum"),
          ...app(OUTBOX_METRIC_NAMES),
        ],
      },
      {
        title: "Outbox queue: oldest message (s)",
        metrics: [sqs(t.queueName, "ApproximateAgeOfOldestMessage", "Maximum")],
      },
    );
  }
  if (t.deadLetterQueueName !== undefined) {
    widgets.push({
      title: "Outbox dead letters (messages)",
      metrics: [sqs(t.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", "Maximum")],
    });
  }
  return JSON.stringify({ widgets: widgets.map((w, i) => place(w, i, t.region)) });
}
