import { type ITerraformDependable } from "cdktn";
import { Construct } from "constructs";
import { Lb } from "@cdktn/provider-aws/lib/lb/index.js";
import { LbListener } from "@cdktn/provider-aws/lib/lb-listener/index.js";
import { LbTargetGroup } from "@cdktn/provider-aws/lib/lb-target-group/index.js";
import { InvalidPropError } from "../errors.js";
import { metric, type MetricSpec } from "../monitoring/metric.js";
import { nameTags } from "../tags.js";
import { assertInt, assertMatches, assertPort, NAME_PATTERN } from "../validate.js";

export interface LoadBalancerProps {
  readonly vpcId: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Prefix of every resource name (ALB names are capped at 32 characters). @default "ticketing" */
  readonly name?: string;
  /** @default 8080 */
  readonly appPort?: number;
  /**
   * What the target group probes: the app's liveness, never a check of its dependencies (the Auto Scaling group uses
   * these checks, so a failing database would otherwise make it replace every instance). @default "/api/health/live"
   */
  readonly healthCheckPath?: string;
  /** ACM certificate: adds an HTTPS listener and turns port 80 into a 301 redirect. @default undefined (HTTP only) */
  readonly certificateArn?: string;
  /** @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: string;
  /** Access log destination; give the bucket policy in `dependsOn` so delivery is allowed first. @default undefined */
  readonly accessLogs?: {
    readonly bucketName: string;
    readonly prefix?: string;
    readonly dependsOn?: readonly ITerraformDependable[];
  };
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Seconds in-flight requests get to finish when an instance leaves. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Internet-facing ALB with an app target group health-checked on the app's liveness path, and HTTP→HTTPS redirect when
 * TLS is on.
 */
export class LoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly arn: string;
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly targetGroupArn: string;
  readonly targetGroupArnSuffix: string;
  readonly httpsEnabled: boolean;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertPort(path, "appPort", props.appPort);
    assertMatches(
      path,
      "healthCheckPath",
      props.healthCheckPath,
      /^\/\S*$/,
      "an absolute path like /api/health/live",
    );
    assertMatches(
      path,
      "certificateArn",
      props.certificateArn,
      /^arn:aws[a-z-]*:acm:/,
      "an ACM certificate ARN",
    );
    assertInt(path, "idleTimeoutSeconds", props.idleTimeoutSeconds, 1, 4000);
    assertInt(path, "deregistrationDelaySeconds", props.deregistrationDelaySeconds, 0, 3600);
    if (props.subnetIds.length < 2) {
      throw new InvalidPropError(
        path,
        "subnetIds",
        props.subnetIds,
        "must list at least 2 subnets in different AZs",
      );
    }
    const appPort = props.appPort ?? 8080;

    this.loadBalancer = new Lb(this, "alb", {
      name: `${name}-alb`,
      loadBalancerType: "application",
      internal: false,
      subnets: [...props.subnetIds],
      securityGroups: [...props.securityGroupIds],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      accessLogs: props.accessLogs
        ? { bucket: props.accessLogs.bucketName, prefix: props.accessLogs.prefix, enabled: true }
        : undefined,
      dependsOn: props.accessLogs?.dependsOn ? [...props.accessLogs.dependsOn] : undefined,
      tags: nameTags(`${name}-alb`, props.tags),
    });
    const targetGroup = new LbTargetGroup(this, "app", {
      name: `${name}-app`,
      port: appPort,
      protocol: "HTTP",
      vpcId: props.vpcId,
      targetType: "instance",
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath ?? "/api/health/live",
        port: String(appPort),
        protocol: "HTTP",
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: nameTags(`${name}-app`, props.tags),
    });
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    this.httpsEnabled = props.certificateArn !== undefined;
    if (props.certificateArn !== undefined) {
      new LbListener(this, "https", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: props.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: props.certificateArn,
        defaultAction: forward,
      });
    }
    new LbListener(this, "http", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: this.httpsEnabled
        ? [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }]
        : forward,
    });
    this.arn = this.loadBalancer.arn;
    this.arnSuffix = this.loadBalancer.arnSuffix;
    this.dnsName = this.loadBalancer.dnsName;
    this.zoneId = this.loadBalancer.zoneId;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
  }

  /** Requests per healthy target (per minute with `Sum` over 60 s): what request-count target tracking follows. */
  metricRequestsPerTarget(): MetricSpec {
    return metric(
      "AWS/ApplicationELB",
      "RequestCountPerTarget",
      { LoadBalancer: this.arnSuffix, TargetGroup: this.targetGroupArnSuffix },
      "Sum",
    );
  }

  /** Healthy targets behind the load balancer. */
  metricHealthyTargets(): MetricSpec {
    return metric(
      "AWS/ApplicationELB",
      "HealthyHostCount",
      { LoadBalancer: this.arnSuffix, TargetGroup: this.targetGroupArnSuffix },
      "Minimum",
    );
  }
}
