/** A CloudWatch metric as an alarm or a dashboard widget names it; the constructs' `metric…()` helpers return these. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount";
}

export function metric(
  namespace: string,
  metricName: string,
  dimensions: Readonly<Record<string, string>>,
  statistic: MetricSpec["statistic"] = "Average",
): MetricSpec {
  return { namespace, metricName, dimensions, statistic };
}
