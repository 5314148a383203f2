import { Token } from "cdktn";
import { Construct } from "constructs";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { RedisCache, type RedisCacheProps } from "../cache/redis-cache.js";
import { AppAutoScaling, type ScalingSettings } from "../compute/auto-scaling.js";
import { AppFleet, type AppFleetProps } from "../compute/app-fleet.js";
import { ContainerRegistry, type ContainerRegistryProps } from "../compute/container-registry.js";
import { LoadBalancer, type LoadBalancerProps } from "../compute/load-balancer.js";
import { AuroraDatabase, type AuroraDatabaseProps } from "../database/aurora-database.js";
import { UnknownPresetError } from "../errors.js";
import { NotificationQueue, type NotificationQueueProps } from "../messaging/notification-queue.js";
import { Monitoring, type MonitoringProps } from "../monitoring/monitoring.js";
import { Network, type NetworkProps } from "../network/network.js";
import { PRESET_NAMES, presets, type PresetName } from "../presets.js";
import { GeneratedSecret } from "../secrets/generated-secret.js";
import { SecurityGroups, type SecurityGroupsProps } from "../security/security-groups.js";
import { SecureBucket, type SecureBucketProps } from "../storage/secure-bucket.js";
import { connectionBudget } from "./connection-budget.js";
import { mergeDefined } from "./merge.js";

type Wired = "name" | "tags" | "subnetIds" | "securityGroupIds" | "availabilityZones" | "vpcId";

export interface TicketingPlatformProps {
  /** `dev`: single NAT, smallest instances, min 1, no deletion protection. `prod`: full HA. */
  readonly preset: PresetName;
  /** Prefix of every resource name. @default `ticketing-${preset}` */
  readonly name?: string;
  /** AZs to spread over (writer and reader go to the first two). @default the region's first two available AZs */
  readonly availabilityZones?: readonly string[];
  /** ACM certificate for the ALB; enables HTTPS and the HTTP→HTTPS redirect. @default undefined (HTTP only) */
  readonly certificateArn?: string;
  /** Alert recipients. @default [] */
  readonly alarmEmails?: readonly string[];
  /** Image tag the instances start with. @default "latest" */
  readonly imageTag?: string;
  /** Tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default the preset's network settings */
  readonly network?: Omit<NetworkProps, "name" | "tags" | "availabilityZones">;
  /** @default chained groups with the ALB open to 0.0.0.0/0 on 80/443 */
  readonly securityGroups?: Omit<SecurityGroupsProps, Wired>;
  /** @default the preset's database settings */
  readonly database?: Omit<AuroraDatabaseProps, Wired>;
  /**
   * The writer's `max_connections`. It sizes each app process's pools (`DATABASE_POOL_SIZE`) so that the fleet at its
   * maximum takes at most 70 % of it, and sets the connection alarm at 80 %.
   * @default Aurora MySQL's default for the writer's instance class (90 for db.t4g.medium, 1,000 for db.r6g.large)
   */
  readonly databaseMaxConnections?: number;
  /** @default the preset's cache settings */
  readonly cache?: Omit<RedisCacheProps, Wired>;
  /** @default the preset's fleet settings */
  readonly fleet?: Partial<
    Omit<AppFleetProps, Wired | "repositoryUrl" | "repositoryArn" | "targetGroupArns">
  >;
  /** @default the preset's scaling (step +2 / −1, 300 s cooldown) */
  readonly scaling?: ScalingSettings;
  /** @default the preset's load-balancer settings */
  readonly loadBalancer?: Omit<LoadBalancerProps, Wired | "accessLogs" | "certificateArn">;
  /** @default the preset's storage settings */
  readonly storage?: Omit<SecureBucketProps, "tags" | "albLogPrefix">;
  /** @default repository `<name>/api` */
  readonly registry?: Omit<ContainerRegistryProps, "tags">;
  /** @default queue defaults */
  readonly queue?: Omit<NotificationQueueProps, "name" | "tags">;
  /** @default the preset's alarm thresholds */
  readonly monitoring?: Pick<MonitoringProps, "thresholds" | "appMetricsNamespace" | "appMetricNames">;
}

/**
 * The whole ticketing deployment: network, security groups, Aurora, ElastiCache, ECR, ALB, app fleet with scaling,
 * log bucket, notification queue and monitoring, wired together and configured by a preset.
 *
 * @example
 * new TicketingPlatform(stack, "platform", { preset: "prod", certificateArn, alarmEmails: ["oncall@example.com"] });
 */
export class TicketingPlatform extends Construct {
  readonly preset: PresetName;
  readonly network: Network;
  readonly securityGroups: SecurityGroups;
  readonly database: AuroraDatabase;
  readonly cache: RedisCache;
  readonly registry: ContainerRegistry;
  readonly logBucket: SecureBucket;
  readonly loadBalancer: LoadBalancer;
  readonly fleet: AppFleet;
  readonly scaling: AppAutoScaling;
  readonly queue: NotificationQueue;
  readonly monitoring: Monitoring;
  readonly jwtSecret: GeneratedSecret;

  constructor(scope: Construct, id: string, props: TicketingPlatformProps) {
    super(scope, id);
    if (!(PRESET_NAMES as readonly string[]).includes(props.preset)) {
      throw new UnknownPresetError(this.node.path, String(props.preset), PRESET_NAMES);
    }
    this.preset = props.preset;
    const preset = presets[props.preset];
    const name = props.name ?? `ticketing-${props.preset}`;
    const tags = props.tags;

    this.network = new Network(this, "network", {
      ...mergeDefined(preset.network, props.network ?? {}),
      name,
      availabilityZones: props.availabilityZones,
      tags,
    });
    const net = this.network;
    this.securityGroups = new SecurityGroups(this, "security-groups", {
      ...props.securityGroups,
      vpcId: net.vpcId,
      name,
      tags,
    });
    const sg = this.securityGroups;

    this.logBucket = new SecureBucket(this, "logs", {
      ...mergeDefined(preset.storage, props.storage ?? {}),
      bucketPrefix: props.storage?.bucketPrefix ?? `${name}-logs-`,
      albLogPrefix: "alb",
      tags,
    });
    this.registry = new ContainerRegistry(this, "registry", {
      repositoryName: `${name}/api`,
      ...mergeDefined(preset.registry, props.registry ?? {}),
      tags,
    });
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      ...mergeDefined(preset.loadBalancer, props.loadBalancer ?? {}),
      appPort: sg.appPort,
      vpcId: net.vpcId,
      subnetIds: net.publicSubnetIds,
      securityGroupIds: [sg.albSecurityGroupId],
      certificateArn: props.certificateArn,
      accessLogs: {
        bucketName: this.logBucket.bucketName,
        prefix: "alb",
        dependsOn: [this.logBucket.policy],
      },
      name,
      tags,
    });
    const databaseProps = mergeDefined(preset.database, props.database ?? {});
    const fleetProps = mergeDefined(preset.fleet, props.fleet ?? {});
    const connections = connectionBudget(this.node.path, {
      instanceClass: databaseProps.instanceClass,
      maxConnections: props.databaseMaxConnections,
      readerCount: databaseProps.readerCount,
      fleetMax: fleetProps.capacity.max,
    });
    this.database = new AuroraDatabase(this, "database", {
      ...databaseProps,
      port: sg.databasePort,
      subnetIds: net.databaseSubnetIds,
      securityGroupIds: [sg.databaseSecurityGroupId],
      availabilityZones: net.availabilityZones,
      name,
      tags,
    });
    this.cache = new RedisCache(this, "cache", {
      ...mergeDefined(preset.cache, props.cache ?? {}),
      port: sg.redisPort,
      subnetIds: net.databaseSubnetIds,
      securityGroupIds: [sg.redisSecurityGroupId],
      name,
      tags,
    });
    this.queue = new NotificationQueue(this, "queue", { ...props.queue, name, tags });
    this.jwtSecret = new GeneratedSecret(this, "jwt-secret", {
      secretName: `${name}/api/jwt-secret`,
      description: "HS256 signing secret of the ticketing API",
      recoveryWindowDays: props.preset === "prod" ? 7 : 0,
      tags,
    });

    const region = new DataAwsRegion(this, "region");
    const db = this.database;
    this.fleet = new AppFleet(this, "fleet", {
      ...fleetProps,
      imageTag: props.fleet?.imageTag ?? props.imageTag,
      appPort: sg.appPort,
      subnetIds: net.privateSubnetIds,
      securityGroupIds: [sg.appSecurityGroupId],
      repositoryUrl: this.registry.repositoryUrl,
      repositoryArn: this.registry.repositoryArn,
      targetGroupArns: [this.loadBalancer.targetGroupArn],
      environment: {
        NODE_ENV: "production",
        AWS_REGION: region.region,
        DB_HOST: db.endpoint,
        DB_READER_HOST: db.readerEndpoint,
        DB_PORT: Token.asString(db.cluster.port),
        DB_NAME: props.database?.databaseName ?? "ticketing",
        REDIS_HOST: this.cache.primaryEndpoint,
        REDIS_PORT: Token.asString(this.cache.replicationGroup.port),
        METRICS: "cloudwatch",
        METRICS_NAMESPACE: props.monitoring?.appMetricsNamespace ?? "Ticketing",
        TRUST_PROXY: "1",
        ...(connections && { DATABASE_POOL_SIZE: String(connections.poolSize) }),
        NOTIFICATION_QUEUE_URL: this.queue.queueUrl,
        NOTIFICATION_TOPIC_ARN: this.queue.topicArn,
        ...props.fleet?.environment,
      },
      secrets: {
        DB_USER: { secretArn: db.masterUserSecretArn, jsonKey: "username", uriEncode: true },
        DB_PASSWORD: { secretArn: db.masterUserSecretArn, jsonKey: "password", uriEncode: true },
        REDIS_PASSWORD: { secretArn: this.cache.authTokenSecretArn, uriEncode: true },
        JWT_SECRET: { secretArn: this.jwtSecret.secretArn },
        ...props.fleet?.secrets,
      },
      derivedEnvironment: {
        // TLS to Aurora (require_secure_transport=ON) with mysql2's bundled RDS CA profile.
        DATABASE_URL: "mysql://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/$DB_NAME?ssl=Amazon%20RDS",
        DATABASE_READER_URL:
          "mysql://$DB_USER:$DB_PASSWORD@$DB_READER_HOST:$DB_PORT/$DB_NAME?ssl=Amazon%20RDS",
        REDIS_URL: "rediss://:$REDIS_PASSWORD@$REDIS_HOST:$REDIS_PORT",
        ...props.fleet?.derivedEnvironment,
      },
      policyStatements: [
        {
          actions: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
          resources: [this.queue.queueArn],
        },
        { actions: ["sns:Publish"], resources: [this.queue.topicArn] },
        ...(props.fleet?.policyStatements ?? []),
      ],
      name,
      tags,
    });

    this.monitoring = new Monitoring(this, "monitoring", {
      thresholds: {
        ...preset.alarms,
        ...(connections && {
          dbConnections: { ...preset.alarms.dbConnections, threshold: connections.alarmThreshold },
        }),
        ...props.monitoring?.thresholds,
      },
      appMetricsNamespace: props.monitoring?.appMetricsNamespace,
      appMetricNames: props.monitoring?.appMetricNames,
      alarmEmails: props.alarmEmails,
      autoScalingGroupName: this.fleet.autoScalingGroupName,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
      dbClusterIdentifier: db.clusterIdentifier,
      cacheClusterIds: this.cache.memberClusterIds,
      name,
      tags,
    });
    this.scaling = new AppAutoScaling(this, "scaling", {
      autoScalingGroupName: this.fleet.autoScalingGroupName,
      scaling: props.scaling ?? preset.scaling,
      notificationArns: [this.monitoring.alertTopicArn],
      name,
      tags,
    });
  }
}
