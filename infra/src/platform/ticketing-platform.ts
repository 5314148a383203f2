import { Token } from "cdktn";
import { Construct } from "constructs";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { RedisCache, type RedisCacheProps } from "../cache/redis-cache.js";
import { AppAutoScaling, type ScalingSettings } from "../compute/auto-scaling.js";
import type { Opening, PrewarmSettings } from "../compute/prewarm.js";
import { AppFleet, type AppFleetProps } from "../compute/app-fleet.js";
import { ContainerRegistry, type ContainerRegistryProps } from "../compute/container-registry.js";
import { LoadBalancer, type LoadBalancerProps } from "../compute/load-balancer.js";
import { AuroraDatabase, type AuroraDatabaseProps } from "../database/aurora-database.js";
import { InvalidPropError, UnknownPresetError } from "../errors.js";
import { NotificationQueue, type NotificationQueueProps } from "../messaging/notification-queue.js";
import { Monitoring, type MonitoringProps } from "../monitoring/monitoring.js";
import { Network, type NetworkProps } from "../network/network.js";
import { PRESET_NAMES, presets, type PresetName } from "../presets.js";
import { GeneratedSecret } from "../secrets/generated-secret.js";
import { SecurityGroups, type SecurityGroupsProps } from "../security/security-groups.js";
import { WebFirewall, type WebFirewallProps } from "../security/web-firewall.js";
import { SecureBucket, type SecureBucketProps } from "../storage/secure-bucket.js";
import { connectionBudget } from "./connection-budget.js";
import { isUnresolved } from "../validate.js";
import { mergeDefined } from "./merge.js";

type Wired = "name" | "tags" | "subnetIds" | "securityGroupIds" | "availabilityZones" | "vpcId";

/**
 * The RDS CA bundle for every region: the app verifies Aurora's certificate against it (fetched at boot, so a new
 * RDS CA needs no new image).
 */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

export interface TicketingPlatformProps {
  /** `dev`: single NAT, smallest instances, min 1, no deletion protection. `prod`: full HA. */
  readonly preset: PresetName;
  /** Prefix of every resource name. @default `ticketing-${preset}` */
  readonly name?: string;
  /** AZs to spread over (writer and reader go to the first two). @default the region's first two available AZs */
  readonly availabilityZones?: readonly string[];
  /**
   * ACM certificate for the ALB: HTTPS, and port 80 only redirects. Required for `prod` unless `example`.
   * @default undefined (dev: HTTP only)
   */
  readonly certificateArn?: string;
  /** Alert recipients (each confirms the subscription e-mail). At least one for `prod` unless `example`. @default [] */
  readonly alarmEmails?: readonly string[];
  /**
   * Marks a stack synthesized to be looked at, not deployed (CI, docs): `prod` then synthesizes without a certificate
   * or an alarm recipient. @default false
   */
  readonly example?: boolean;
  /** The sale calendar: each opening raises the fleet beforehand (scheduled actions). @default [] */
  readonly openings?: readonly Opening[];
  /** @default the preset's (buyers per instance from the capacity simulation, 15 min lead, 60 min hold) */
  readonly prewarm?: Partial<PrewarmSettings>;
  /** Target tracking on requests per instance per minute, or false for none. @default the preset's */
  readonly requestTracking?: { readonly requestsPerTargetPerMinute: number } | false;
  /** WAF web ACL on the load balancer, or false for none. @default managed rule groups and per-IP rate limits */
  readonly firewall?: Omit<WebFirewallProps, "resourceArn" | "name" | "tags"> | false;
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
  /**
   * API processes per instance (the app's `WORKERS`), each using one vCPU; the database pools are sized for all of them.
   * @default the preset's: 1 on dev's t3.micro, 2 on prod's c6i.large
   */
  readonly workersPerInstance?: number;
  /** @default the preset's cache settings */
  readonly cache?: Omit<RedisCacheProps, Wired>;
  /** @default the preset's fleet settings */
  readonly fleet?: Partial<
    Omit<AppFleetProps, Wired | "repositoryUrl" | "repositoryArn" | "targetGroupArns" | "caBundle">
  >;
  /** CPU policies. @default the preset's backstop (scale out on CPU above 40 %; request tracking scales in) */
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
 * The whole ticketing deployment: network, security groups, Aurora, ElastiCache, ECR, ALB behind a WAF, app fleet with
 * request tracking, pre-warming before openings and a warm pool, log bucket, notification queue and monitoring,
 * wired together and configured by a preset.
 *
 * @example
 * new TicketingPlatform(stack, "platform", {
 *   preset: "prod",
 *   certificateArn,
 *   alarmEmails: ["oncall@example.com"],
 *   openings: [{ at: "2027-03-05T19:00:00+09:00", expectedBuyers: 50_000 }],
 * });
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
  /** Signs the waiting room's admission tokens and receipts (WAITING_ROOM_SECRET). */
  readonly waitingRoomSecret: GeneratedSecret;
  readonly firewall: WebFirewall | undefined;

  constructor(scope: Construct, id: string, props: TicketingPlatformProps) {
    super(scope, id);
    if (!(PRESET_NAMES as readonly string[]).includes(props.preset)) {
      throw new UnknownPresetError(this.node.path, String(props.preset), PRESET_NAMES);
    }
    this.preset = props.preset;
    const preset = presets[props.preset];
    if (props.preset === "prod" && !props.example) {
      // Prod without these would listen on plain HTTP and page no one: refuse it rather than deploy it quietly.
      if (props.certificateArn === undefined) {
        throw new InvalidPropError(
          this.node.path,
          "certificateArn",
          undefined,
          "is required for prod (HTTPS; port 80 only redirects); mark a stack that is not deployed with example: true",
        );
      }
      if ((props.alarmEmails ?? []).length === 0) {
        throw new InvalidPropError(
          this.node.path,
          "alarmEmails",
          props.alarmEmails ?? [],
          "must name at least one recipient for prod; mark a stack that is not deployed with example: true",
        );
      }
    }
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
    const workersPerInstance = props.workersPerInstance ?? preset.workersPerInstance;
    const connections = connectionBudget(this.node.path, {
      instanceClass: databaseProps.instanceClass,
      maxConnections: props.databaseMaxConnections,
      readerCount: databaseProps.readerCount,
      fleetMax: fleetProps.capacity.max,
      workersPerInstance,
    });
    this.database = new AuroraDatabase(this, "database", {
      ...databaseProps,
      applicationUser: { ...props.database?.applicationUser },
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
    this.waitingRoomSecret = new GeneratedSecret(this, "waiting-room-secret", {
      secretName: `${name}/api/waiting-room-secret`,
      description: "Signs the waiting room's admission tokens and receipts (the same on every instance)",
      recoveryWindowDays: props.preset === "prod" ? 7 : 0,
      tags,
    });

    const region = new DataAwsRegion(this, "region");
    const db = this.database;
    this.firewall =
      props.firewall === false
        ? undefined
        : new WebFirewall(this, "firewall", {
            ...props.firewall,
            resourceArn: this.loadBalancer.arn,
            name,
            tags,
          });
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
        DB_HOST: db.connection.endpoint,
        DB_READER_HOST: db.connection.readerEndpoint,
        DB_PORT: db.connection.port,
        DB_NAME: db.connection.databaseName,
        // The app logs in as the application user, reading this secret again whenever a login is refused.
        DATABASE_SECRET_ARN: db.applicationUserSecretArn as string,
        REDIS_HOST: this.cache.connection.primaryEndpoint,
        REDIS_PORT: this.cache.connection.port,
        METRICS: "cloudwatch",
        METRICS_NAMESPACE: props.monitoring?.appMetricsNamespace ?? "Ticketing",
        TRUST_PROXY: "1",
        WORKERS: isUnresolved(workersPerInstance)
          ? Token.asString(workersPerInstance)
          : String(workersPerInstance),
        // Every change of a reservation is published here through the transactional outbox.
        OUTBOX_QUEUE_URL: this.queue.queueUrl,
        ...(connections && { DATABASE_POOL_SIZE: String(connections.poolSize) }),
        ...props.fleet?.environment,
      },
      secrets: {
        REDIS_PASSWORD: { secretArn: this.cache.connection.authTokenSecretArn, uriEncode: true },
        JWT_SECRET: { secretArn: this.jwtSecret.secretArn },
        WAITING_ROOM_SECRET: { secretArn: this.waitingRoomSecret.secretArn },
        ...props.fleet?.secrets,
      },
      derivedEnvironment: {
        // No credentials in the URLs (DATABASE_SECRET_ARN supplies them) and no ?ssl= query, which TypeORM drops: TLS
        // comes from DATABASE_CA_FILE, the RDS bundle the boot script fetches.
        DATABASE_URL: "mysql://$DB_HOST:$DB_PORT/$DB_NAME",
        DATABASE_READER_URL: "mysql://$DB_READER_HOST:$DB_PORT/$DB_NAME",
        REDIS_URL: "rediss://:$REDIS_PASSWORD@$REDIS_HOST:$REDIS_PORT",
        ...props.fleet?.derivedEnvironment,
      },
      caBundle: { url: RDS_CA_BUNDLE_URL, environmentVariable: "DATABASE_CA_FILE" },
      name,
      tags,
    });
    db.grantReadApplicationCredentials(this.fleet.role);
    this.queue.grantSendMessages(this.fleet.role);

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
      databaseHasReaders: databaseProps.readerCount > 0,
      cacheClusterIds: this.cache.memberClusterIds,
      queueName: this.queue.queueName,
      deadLetterQueueName: this.queue.deadLetterQueueName,
      name,
      tags,
    });
    const requestTracking = props.requestTracking ?? preset.requestTracking;
    this.scaling = new AppAutoScaling(this, "scaling", {
      autoScalingGroupName: this.fleet.autoScalingGroupName,
      scaling: props.scaling ?? preset.scaling,
      requestTracking: requestTracking
        ? {
            ...requestTracking,
            loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
            targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
          }
        : undefined,
      openings: props.openings,
      prewarm: mergeDefined(preset.prewarm, props.prewarm ?? {}),
      bounds: { min: this.fleet.capacity.min, max: this.fleet.capacity.max },
      notificationArns: [this.monitoring.alertTopicArn],
      name,
      tags,
    });
  }
}
