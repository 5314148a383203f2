import { Token } from "cdktn";
import { Construct } from "constructs";
import { AutoscalingGroup } from "@cdktn/provider-aws/lib/autoscaling-group/index.js";
import { CloudwatchLogGroup } from "@cdktn/provider-aws/lib/cloudwatch-log-group/index.js";
import { DataAwsCallerIdentity } from "@cdktn/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsPartition } from "@cdktn/provider-aws/lib/data-aws-partition/index.js";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { LaunchTemplate } from "@cdktn/provider-aws/lib/launch-template/index.js";
import { SsmParameter } from "@cdktn/provider-aws/lib/ssm-parameter/index.js";
import { InvalidPropError } from "../errors.js";
import type { GrantableRole } from "../iam/grant.js";
import { nameTags } from "../tags.js";
import { assertCapacity, assertInt, assertMatches, assertPort, NAME_PATTERN } from "../validate.js";
import { addInstanceRole, type FleetPolicyStatement } from "./instance-role.js";
import { userDataExpression, type CaBundle, type SecretReference } from "./user-data.js";

/** Stopped (or running) instances kept ready to join the group in about a minute instead of a cold boot. */
export interface WarmPoolSettings {
  /** Instances kept in the pool even when the group is at its maximum. @default 0 */
  readonly minSize?: number;
  /** Instances in service plus in the pool. @default the group's maximum */
  readonly maxPreparedCapacity?: number;
  /** @default "Stopped" (only their volumes cost) */
  readonly state?: "Stopped" | "Running" | "Hibernated";
}

export interface FleetCapacity {
  /** @default 2 */
  readonly min: number;
  /** @default 20 */
  readonly max: number;
  /** @default min */
  readonly desired?: number;
}

export interface AppFleetProps {
  /** Private subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  /** Target groups the instances register with; the ASG uses their health checks. @default [] */
  readonly targetGroupArns?: readonly string[];
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** @default "c6i.large" */
  readonly instanceType?: string;
  /** AMI id or `resolve:ssm:` parameter. @default latest Amazon Linux 2023 for the instance type's architecture */
  readonly imageId?: string;
  /** @default 20 */
  readonly rootVolumeGiB?: number;
  /** @default { min: 2, max: 20, desired: 2 } */
  readonly capacity?: FleetCapacity;
  /** @default 8080 */
  readonly appPort?: number;
  /** Image tag the instances run; later deploys change the SSM parameter, not Terraform. @default "latest" */
  readonly imageTag?: string;
  /** Plain environment variables, stored as SSM parameters under `/<name>/app/`. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Environment variables read from Secrets Manager at boot; the instances may read only these secrets. @default {} */
  readonly secrets?: Readonly<Record<string, SecretReference>>;
  /**
   * Variables composed at boot from the others with shell `$NAME` expansion, so connection URLs can embed secrets
   * without Terraform ever seeing them. @default {}
   * @example { DATABASE_URL: "mysql://$DB_USER:$DB_PASSWORD@$DB_HOST:3306/ticketing" }
   */
  readonly derivedEnvironment?: Readonly<Record<string, string>>;
  /**
   * IMDSv2 hop limit. 2 lets the app container (one bridge hop away) use the instance role, e.g. for
   * `cloudwatch:PutMetricData`; 1 confines the role to the host. @default 2
   */
  readonly metadataHopLimit?: 1 | 2;
  /** Extra IAM statements (e.g. the notification queue). @default [] */
  readonly policyStatements?: readonly FleetPolicyStatement[];
  /** Attach AmazonSSMManagedInstanceCore so operators can use Session Manager instead of SSH. @default false */
  readonly sessionManager?: boolean;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Seconds after an instance enters service before ELB health checks count. @default 300 */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * A CA bundle the boot script fetches and mounts read-only into the container, naming it in one variable (for the
   * app to verify its database's certificate). @default none
   */
  readonly caBundle?: CaBundle;
  /** The app's liveness path: a new instance joins the group only once it answers 200 there. @default "/api/health/live" */
  readonly livenessPath?: string;
  /** Seconds a new instance waits for its app to be live before Auto Scaling replaces it. @default 600 */
  readonly launchTimeoutSeconds?: number;
  /** Seconds a new instance's metrics are left out of scaling decisions. @default 60 */
  readonly instanceWarmupSeconds?: number;
  /** Keep stopped instances ready to join quickly. @default none */
  readonly warmPool?: WarmPoolSettings;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** True for Graviton families (t4g, c7g, m7gd, ...), whose AMI is arm64. */
export function isArmInstanceType(instanceType: string): boolean {
  return /^(a1|[a-z]+\d+g[a-z]*)\./.test(instanceType);
}

/**
 * The app tier: log group, least-privilege instance role, launch template (IMDSv2 only, encrypted gp3 root) with a boot
 * script that runs the ECR image, and an Auto Scaling group in the private subnets using ELB health checks. A new
 * instance enters service only once its app answers liveness (a launch hook the instance completes itself), and a
 * changed launch template rolls out through an instance refresh that keeps full capacity.
 */
export class AppFleet extends Construct {
  readonly autoScalingGroup: AutoscalingGroup;
  readonly autoScalingGroupName: string;
  readonly launchTemplateId: string;
  readonly roleName: string;
  readonly roleArn: string;
  /** The instances' role, for the `grant…` helpers of other constructs. */
  readonly role: GrantableRole;
  /** Name of the launch hook each instance completes once live. */
  readonly launchHookName: string;
  readonly logGroupName: string;
  /** SSM path of the plain configuration (`<path>/IMAGE_TAG`, ...). */
  readonly parameterPath: string;
  readonly capacity: Required<FleetCapacity>;

  constructor(scope: Construct, id: string, props: AppFleetProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    const instanceType = props.instanceType ?? "c6i.large";
    const capacity = props.capacity ?? { min: 2, max: 20, desired: 2 };
    this.capacity = { min: capacity.min, max: capacity.max, desired: capacity.desired ?? capacity.min };
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertMatches(
      path,
      "instanceType",
      instanceType,
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
      'an EC2 instance type like "c6i.large"',
    );
    assertCapacity(path, this.capacity.min, this.capacity.desired, this.capacity.max);
    assertInt(path, "rootVolumeGiB", props.rootVolumeGiB, 8, 16_384);
    assertInt(path, "logRetentionDays", props.logRetentionDays, 1, 3653);
    assertInt(path, "healthCheckGracePeriodSeconds", props.healthCheckGracePeriodSeconds, 0, 7200);
    assertInt(path, "launchTimeoutSeconds", props.launchTimeoutSeconds, 30, 7200);
    assertInt(path, "instanceWarmupSeconds", props.instanceWarmupSeconds, 0, 3600);
    assertInt(path, "warmPool.minSize", props.warmPool?.minSize, 0, 1000);
    assertInt(path, "warmPool.maxPreparedCapacity", props.warmPool?.maxPreparedCapacity, 0, 1000);
    assertMatches(
      path,
      "livenessPath",
      props.livenessPath,
      /^\/\S*$/,
      "an absolute path like /api/health/live",
    );
    assertMatches(path, "caBundle.url", props.caBundle?.url, /^https:\/\//, "an https:// URL");
    assertMatches(
      path,
      "caBundle.environmentVariable",
      props.caBundle?.environmentVariable,
      ENV_NAME,
      "an UPPER_SNAKE_CASE variable name",
    );
    assertPort(path, "appPort", props.appPort);
    assertMatches(
      path,
      "imageTag",
      props.imageTag,
      /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
      "a Docker image tag",
    );
    const derived = props.derivedEnvironment ?? {};
    for (const key of [
      ...Object.keys(props.environment ?? {}),
      ...Object.keys(props.secrets ?? {}),
      ...Object.keys(derived),
    ]) {
      assertMatches(path, "environment/secrets key", key, ENV_NAME, "an UPPER_SNAKE_CASE variable name");
    }
    const seen = new Set(["IMAGE_TAG"]);
    for (const key of [
      ...Object.keys(props.environment ?? {}),
      ...Object.keys(props.secrets ?? {}),
      ...Object.keys(derived),
    ]) {
      if (seen.has(key))
        throw new InvalidPropError(path, "environment/secrets/derivedEnvironment", key, "is defined twice");
      seen.add(key);
    }
    for (const [key, template] of Object.entries(derived)) {
      if (template.includes("${") || template.includes("%{") || /[`"\\]/.test(template)) {
        throw new InvalidPropError(
          path,
          `derivedEnvironment.${key}`,
          template,
          "must use $NAME expansion only (no ${, %{, quotes, backslashes or backticks)",
        );
      }
    }
    if (props.metadataHopLimit !== undefined && ![1, 2].includes(props.metadataHopLimit)) {
      throw new InvalidPropError(path, "metadataHopLimit", props.metadataHopLimit, "must be 1 or 2");
    }
    if (props.subnetIds.length < 1)
      throw new InvalidPropError(path, "subnetIds", props.subnetIds, "must not be empty");
    const appPort = props.appPort ?? 8080;
    const tags = props.tags;
    const groupName = `${name}-app`;
    this.launchHookName = `${name}-app-live`;

    const region = new DataAwsRegion(this, "region");
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/${name}/app`,
      retentionInDays: props.logRetentionDays ?? 30,
      tags,
    });
    this.logGroupName = logGroup.name;
    this.parameterPath = `/${name}/app`;

    const parameters = { ...props.environment };
    new SsmParameter(this, "param-IMAGE_TAG", {
      name: `${this.parameterPath}/IMAGE_TAG`,
      type: "String",
      value: props.imageTag ?? "latest",
      description: "Image tag the instances pull at boot; deploys update it with `aws ssm put-parameter`",
      // Deploys change the tag outside Terraform; a later apply must not roll it back.
      lifecycle: { ignoreChanges: ["value"] },
      tags,
    });
    for (const [key, value] of Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b))) {
      new SsmParameter(this, `param-${key}`, {
        name: `${this.parameterPath}/${key}`,
        type: "String",
        value,
        tags,
      });
    }

    const { role, profile } = addInstanceRole(this, {
      name,
      region: region.region,
      accountId: account.accountId,
      partition: partition.partition,
      repositoryArn: props.repositoryArn,
      logGroupArn: logGroup.arn,
      parameterPath: this.parameterPath,
      secretArns: Object.values(props.secrets ?? {}).map((s) => s.secretArn),
      autoScalingGroupName: groupName,
      policyStatements: props.policyStatements ?? [],
      sessionManager: props.sessionManager ?? false,
      tags,
    });
    this.roleName = role.name;
    this.roleArn = role.arn;
    this.role = { name: role.name };

    const arch = isArmInstanceType(instanceType) ? "arm64" : "x86_64";
    const userData = userDataExpression({
      region: region.region,
      repositoryUrl: props.repositoryUrl,
      parameterPath: this.parameterPath,
      secrets: props.secrets ?? {},
      derived,
      logGroupName: logGroup.name,
      appPort,
      containerName: `${name}-app`,
      caBundle: props.caBundle,
      launchHook: { name: this.launchHookName, autoScalingGroupName: groupName },
      livenessPath: props.livenessPath,
    });
    const template = new LaunchTemplate(this, "template", {
      name: `${name}-app`,
      imageId:
        props.imageId ?? `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`,
      instanceType,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      iamInstanceProfile: { arn: profile.arn },
      // IMDSv2 only (CKV_AWS_79): session tokens defeat SSRF-style credential theft through the app.
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: props.metadataHopLimit ?? 2,
        // Tags in the metadata: the CloudWatch agent names the instance's Auto Scaling group from them.
        instanceMetadataTags: "enabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: props.rootVolumeGiB ?? 20,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      userData,
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: nameTags(`${name}-app`, tags) },
        { resourceType: "volume", tags: nameTags(`${name}-app`, tags) },
      ],
      tags,
    });
    this.launchTemplateId = template.id;

    this.autoScalingGroup = new AutoscalingGroup(this, "asg", {
      name: groupName,
      minSize: this.capacity.min,
      maxSize: this.capacity.max,
      desiredCapacity: this.capacity.desired,
      vpcZoneIdentifier: [...props.subnetIds],
      targetGroupArns: props.targetGroupArns ? [...props.targetGroupArns] : undefined,
      healthCheckType: props.targetGroupArns && props.targetGroupArns.length > 0 ? "ELB" : "EC2",
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 300,
      defaultInstanceWarmup: props.instanceWarmupSeconds ?? 60,
      // A concrete version: a new template version changes the group, which starts the instance refresh below (the
      // provider starts none for "$Latest", which never changes).
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      instanceRefresh: {
        strategy: "Rolling",
        // Launch before terminating: the fleet never drops below its size while it rolls.
        preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, skipMatching: true },
      },
      initialLifecycleHook: [
        {
          name: this.launchHookName,
          lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING",
          heartbeatTimeout: props.launchTimeoutSeconds ?? 600,
          defaultResult: "ABANDON",
        },
      ],
      warmPool: props.warmPool
        ? {
            poolState: props.warmPool.state ?? "Stopped",
            minSize: props.warmPool.minSize ?? 0,
            maxGroupPreparedCapacity: props.warmPool.maxPreparedCapacity ?? this.capacity.max,
            instanceReusePolicy: { reuseOnScaleIn: true },
          }
        : undefined,
      enabledMetrics: [
        "GroupDesiredCapacity",
        "GroupInServiceInstances",
        "GroupMinSize",
        "GroupMaxSize",
        "GroupPendingInstances",
        "GroupTerminatingInstances",
        ...(props.warmPool
          ? ["WarmPoolWarmedCapacity", "WarmPoolPendingCapacity", "WarmPoolTotalCapacity"]
          : []),
      ],
      metricsGranularity: "1Minute",
      terminationPolicies: ["OldestLaunchTemplate", "Default"],
      tag: Object.entries(nameTags(`${name}-app`, tags)).map(([key, value]) => ({
        key,
        value,
        propagateAtLaunch: true,
      })),
      // Scaling policies own desired capacity once running; re-applying must not reset it.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });
    this.autoScalingGroupName = this.autoScalingGroup.name;
  }
}
