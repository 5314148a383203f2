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
}

type Metric = (string | Record<string, string>)[];

function widget(title: string, metrics: Metric[], x: number, y: number, region: string, stat = "Sum") {
  return {
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat, period: 60, view: "timeSeries", metrics },
  };
}

/** CloudWatch dashboard body: the ALB, fleet, data stores and the app's own `Ticketing` metrics, two widgets a row. */
export function renderDashboard(t: DashboardTargets): string {
  const lb = ["LoadBalancer", t.loadBalancerArnSuffix];
  const tg = ["TargetGroup", t.targetGroupArnSuffix];
  const asg = ["AutoScalingGroupName", t.autoScalingGroupName];
  const widgets = [
    widget(
      "ALB healthy / unhealthy targets",
      [
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg, ...lb, { stat: "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, ...lb, { stat: "Maximum" }],
      ],
      0,
      0,
      t.region,
    ),
    widget("ALB requests", [["AWS/ApplicationELB", "RequestCount", ...lb]], 12, 0, t.region),
    widget(
      "Target response time (p50 / p99, s)",
      [
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99" }],
      ],
      0,
      6,
      t.region,
    ),
    widget(
      "5xx (ALB and targets)",
      [
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb],
      ],
      12,
      6,
      t.region,
    ),
    widget("EC2 CPU (%)", [["AWS/EC2", "CPUUtilization", ...asg, { stat: "Average" }]], 0, 12, t.region),
    widget(
      "ASG capacity",
      [
        ["AWS/AutoScaling", "GroupDesiredCapacity", ...asg, { stat: "Maximum" }],
        ["AWS/AutoScaling", "GroupInServiceInstances", ...asg, { stat: "Maximum" }],
      ],
      12,
      12,
      t.region,
    ),
    widget(
      "Aurora connections",
      [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", t.dbClusterIdentifier, { stat: "Maximum" }]],
      0,
      18,
      t.region,
    ),
    widget(
      "Redis memory used (%)",
      t.cacheClusterIds.map((id) => [
        "AWS/ElastiCache",
        "DatabaseMemoryUsagePercentage",
        "CacheClusterId",
        id,
        { stat: "Maximum" },
      ]),
      12,
      18,
      t.region,
    ),
    widget(
      `App metrics (${t.appMetricsNamespace})`,
      t.appMetricNames.map((m) => [t.appMetricsNamespace, m]),
      0,
      24,
      t.region,
    ),
  ];
  return JSON.stringify({ widgets });
}
