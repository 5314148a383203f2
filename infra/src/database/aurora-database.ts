import { DataResource, Fn, Token } from "cdktn";
import { Construct } from "constructs";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { DbSubnetGroup } from "@cdktn/provider-aws/lib/db-subnet-group/index.js";
import { RdsCluster } from "@cdktn/provider-aws/lib/rds-cluster/index.js";
import { RdsClusterInstance } from "@cdktn/provider-aws/lib/rds-cluster-instance/index.js";
import { RdsClusterParameterGroup } from "@cdktn/provider-aws/lib/rds-cluster-parameter-group/index.js";
import { InvalidPropError } from "../errors.js";
import { grant, type GrantableRole } from "../iam/grant.js";
import { metric, type MetricSpec } from "../monitoring/metric.js";
import { GeneratedSecret } from "../secrets/generated-secret.js";
import { allowThroughOwnGroup, OwnSecurityGroup } from "../security/own-security-group.js";
import { nameTags } from "../tags.js";
import {
  assertInt,
  assertMatches,
  assertNonEmpty,
  assertPort,
  isUnresolved,
  NAME_PATTERN,
} from "../validate.js";
import { APPLICATION_PRIVILEGES, APPLICATION_USER_SCRIPT } from "./application-user.js";

/** The login the application uses instead of the master user; its password lives in a secret. */
export interface ApplicationUserProps {
  /** @default "<databaseName>_app" */
  readonly username?: string;
  /** Bump to generate a new password: the secret gets it, then the apply-time script sets it. @default 1 */
  readonly passwordVersion?: number;
  /** On the database only. @default SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES */
  readonly privileges?: readonly string[];
}

export interface AuroraDatabaseProps {
  /** Database subnets, at least two in different AZs. */
  readonly subnetIds: readonly string[];
  /** Security groups of the cluster. @default one of its own in `vpcId`; open it with `allowConnectionsFrom` */
  readonly securityGroupIds?: readonly string[];
  /** VPC of the security group the construct creates when `securityGroupIds` is not given. */
  readonly vpcId?: string;
  /** AZ of each instance: the writer first, then readers. Consecutive instances must differ. */
  readonly availabilityZones: readonly string[];
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Aurora MySQL 3 engine version. @default AURORA_DEFAULT_ENGINE_VERSION, the 3.10 long-term-support line */
  readonly engineVersion?: string;
  /**
   * Let AWS apply minor versions in the maintenance window. Terraform then ignores `engineVersion` after creation, so
   * a plan never tries to downgrade what AWS upgraded. AWS advises against it on a long-term-support release.
   * @default false
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /** @default "db.r6g.large" */
  readonly instanceClass?: string;
  /** Readers besides the writer; each goes to the next AZ. @default 1 */
  readonly readerCount?: number;
  /** @default "ticketing" */
  readonly databaseName?: string;
  /** @default "ticketing_admin" */
  readonly masterUsername?: string;
  /**
   * An application user whose password is in a secret of its own (RDS format: `username`, `password`), created and
   * kept in line with it at apply time through the RDS Data API (the operator's machine needs the AWS CLI and jq).
   * @default none: only the master user
   */
  readonly applicationUser?: ApplicationUserProps;
  /** Days the application user's secret can be restored after deletion (0: at once). @default 7 */
  readonly secretRecoveryWindowDays?: number;
  /** @default 3306 */
  readonly port?: number;
  /** Days of automated backups, 1–35. @default 7 */
  readonly backupRetentionDays?: number;
  /** Refuse deletion through the API; also takes a final snapshot on destroy. @default true */
  readonly deletionProtection?: boolean;
  /** Skip the final snapshot on destroy. @default !deletionProtection */
  readonly skipFinalSnapshot?: boolean;
  /** Performance Insights retention in days (7 is free). @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Slow-query log threshold, seconds. @default 1 */
  readonly longQuerySeconds?: number;
  /** Customer-managed KMS key for storage, PI and the secrets. @default the AWS-managed keys */
  readonly kmsKeyArn?: string;
  /** @default "03:00-04:00" (UTC) */
  readonly backupWindow?: string;
  /** @default "sun:18:00-sun:19:00" (UTC; 03:00 KST Monday) */
  readonly maintenanceWindow?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Aurora MySQL 3.10, a long-term-support release (AWS supports an LTS minor version for at least three years). */
export const AURORA_DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.10.4";

/** What a client needs to connect; `port` is the cluster's attribute, a token until apply. */
export interface DatabaseConnection {
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port: string;
  readonly databaseName: string;
  /** The group to allow traffic from, or the cluster's first group. */
  readonly securityGroupId: string;
}

/**
 * Aurora MySQL 3 cluster: writer + readers spread over AZs, encrypted storage, master password generated and kept by
 * RDS in Secrets Manager (`manage_master_user_password`, so it never appears in our code or state), TLS required,
 * audit, error and slow-query logs written and exported, and optionally an application user whose password is in a
 * secret of its own.
 *
 * @example
 * const db = new AuroraDatabase(stack, "db", { vpcId, subnetIds, availabilityZones, applicationUser: {} });
 * db.allowConnectionsFrom(appSecurityGroupId);
 * db.grantReadApplicationCredentials(appRole);
 */
export class AuroraDatabase extends Construct {
  readonly cluster: RdsCluster;
  readonly clusterIdentifier: string;
  readonly clusterArn: string;
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port: number;
  readonly connection: DatabaseConnection;
  /** ARN of the Secrets Manager secret RDS created for the master user (JSON with `username` and `password`). */
  readonly masterUserSecretArn: string;
  /** The application user's secret (JSON with `username` and `password`), when `applicationUser` is set. */
  readonly applicationUserSecretArn: string | undefined;
  readonly applicationUsername: string | undefined;
  readonly instanceIdentifiers: readonly string[];
  private readonly ownGroup: OwnSecurityGroup | undefined;
  private readonly applicationSecret: GeneratedSecret | undefined;
  private readonly kmsKeyArn: string | undefined;
  private grants = 0;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    const engineVersion = props.engineVersion ?? AURORA_DEFAULT_ENGINE_VERSION;
    const readers = props.readerCount ?? 1;
    const deletionProtection = props.deletionProtection ?? true;
    const databaseName = props.databaseName ?? "ticketing";
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertMatches(
      path,
      "engineVersion",
      engineVersion,
      /^8\.0\.mysql_aurora\.3\.\d+\.\d+$/,
      'an Aurora MySQL 3 version like "8.0.mysql_aurora.3.10.4"',
    );
    assertMatches(
      path,
      "instanceClass",
      props.instanceClass,
      /^db\.[a-z0-9]+\.[a-z0-9]+$/,
      'an RDS instance class like "db.r6g.large"',
    );
    assertInt(path, "readerCount", props.readerCount, 0, 15);
    assertInt(path, "backupRetentionDays", props.backupRetentionDays, 1, 35);
    assertInt(path, "performanceInsightsRetentionDays", props.performanceInsightsRetentionDays, 7, 731);
    assertInt(path, "longQuerySeconds", props.longQuerySeconds, 1, 3600);
    assertPort(path, "port", props.port);
    assertMatches(path, "databaseName", databaseName, /^[A-Za-z][A-Za-z0-9_]{0,63}$/, "a MySQL identifier");
    assertMatches(
      path,
      "masterUsername",
      props.masterUsername,
      /^[A-Za-z][A-Za-z0-9_]{0,15}$/,
      "1-16 letters, digits or _",
    );
    const instanceClass = props.instanceClass ?? "db.r6g.large";
    if (/^db\.(t2|t3)\.|^db\.t4g\.(micro|small)$/.test(instanceClass)) {
      throw new InvalidPropError(
        path,
        "instanceClass",
        instanceClass,
        "does not support Performance Insights on Aurora MySQL",
      );
    }
    if (props.subnetIds.length < 2) {
      throw new InvalidPropError(
        path,
        "subnetIds",
        props.subnetIds,
        "must list at least 2 subnets in different AZs",
      );
    }
    if (!props.securityGroupIds?.length && props.vpcId === undefined) {
      throw new InvalidPropError(path, "securityGroupIds", props.securityGroupIds, "or vpcId must be given");
    }
    if (props.availabilityZones.length < 2 && readers > 0) {
      throw new InvalidPropError(
        path,
        "availabilityZones",
        props.availabilityZones,
        "must list at least 2 zones for a writer and a reader",
      );
    }
    props.availabilityZones.forEach((az) => assertNonEmpty(path, "availabilityZones[]", az));
    const [az0, az1] = props.availabilityZones;
    if (readers > 0 && az0 === az1 && !isUnresolved(az0)) {
      throw new InvalidPropError(
        path,
        "availabilityZones",
        props.availabilityZones,
        "puts the writer and the first reader in the same zone",
      );
    }
    const appUser = props.applicationUser;
    const username = appUser?.username ?? `${databaseName}_app`;
    const privileges = appUser?.privileges ?? APPLICATION_PRIVILEGES;
    if (appUser) {
      assertMatches(
        path,
        "applicationUser.username",
        username,
        /^[A-Za-z][A-Za-z0-9_]{0,31}$/,
        "1-32 letters, digits or _",
      );
      assertInt(path, "applicationUser.passwordVersion", appUser.passwordVersion, 1);
      if (username === (props.masterUsername ?? "ticketing_admin")) {
        throw new InvalidPropError(path, "applicationUser.username", username, "must not be the master user");
      }
      privileges.forEach((p, i) =>
        assertMatches(path, `applicationUser.privileges[${i}]`, p, /^[A-Z][A-Z ]*[A-Z]$/, "a privilege name"),
      );
    }

    const tags = props.tags;
    this.port = props.port ?? 3306;
    this.kmsKeyArn = props.kmsKeyArn;
    this.ownGroup = props.securityGroupIds?.length
      ? undefined
      : new OwnSecurityGroup(this, "security-group", {
          vpcId: props.vpcId as string,
          name: `${name}-aurora`,
          description: `${name} Aurora MySQL cluster`,
          port: this.port,
          tags,
        });
    const securityGroupIds = props.securityGroupIds?.length
      ? [...props.securityGroupIds]
      : [this.ownGroup?.securityGroupId as string];
    const subnetGroup = new DbSubnetGroup(this, "subnets", {
      name: `${name}-aurora`,
      subnetIds: [...props.subnetIds],
      tags: nameTags(`${name}-aurora`, tags),
    });
    const parameters = new RdsClusterParameterGroup(this, "parameters", {
      name: `${name}-aurora-mysql8`,
      family: "aurora-mysql8.0",
      description: "TLS-only connections, UTF-8, audit and slow-query logs on",
      parameter: [
        { name: "require_secure_transport", value: "ON" },
        { name: "character_set_server", value: "utf8mb4" },
        { name: "collation_server", value: "utf8mb4_0900_ai_ci" },
        // The log exports below ship only what the engine writes: these turn the audit and slow-query logs on.
        { name: "server_audit_logging", value: "1" },
        // Logins and changes to users, grants and schema; not every query, which a ticket opening would flood.
        { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
        { name: "slow_query_log", value: "1" },
        { name: "long_query_time", value: String(props.longQuerySeconds ?? 1) },
        { name: "log_output", value: "FILE" },
      ],
      tags,
    });
    const autoMinor = props.autoMinorVersionUpgrade ?? false;
    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: `${name}-aurora`,
      engine: "aurora-mysql",
      engineVersion,
      databaseName,
      masterUsername: props.masterUsername ?? "ticketing_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      port: this.port,
      dbSubnetGroupName: subnetGroup.name,
      dbClusterParameterGroupName: parameters.name,
      vpcSecurityGroupIds: securityGroupIds,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      preferredBackupWindow: props.backupWindow ?? "03:00-04:00",
      preferredMaintenanceWindow: props.maintenanceWindow ?? "sun:18:00-sun:19:00",
      deletionProtection,
      skipFinalSnapshot: props.skipFinalSnapshot ?? !deletionProtection,
      // Named when the cluster is created (and then kept): each cluster's final snapshot has a name of its own, so
      // destroying a recreated cluster does not collide with the previous one's snapshot.
      finalSnapshotIdentifier: Fn.join("-", [
        `${name}-aurora-final`,
        Fn.formatdate("YYYYMMDDhhmmss", Fn.timestamp()),
      ]),
      copyTagsToSnapshot: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["audit", "error", "slowquery"],
      // The Data API lets the apply-time script manage the application user without a network path to the cluster.
      enableHttpEndpoint: appUser ? true : undefined,
      lifecycle: {
        ignoreChanges: ["final_snapshot_identifier", ...(autoMinor ? ["engine_version"] : [])],
      },
      tags: nameTags(`${name}-aurora`, tags),
    });
    const instances = Array.from({ length: readers + 1 }, (_, i) => {
      const role = i === 0 ? "writer" : `reader-${i}`;
      return new RdsClusterInstance(this, role, {
        identifier: `${name}-aurora-${role}`,
        clusterIdentifier: this.cluster.id,
        engine: this.cluster.engine,
        instanceClass,
        availabilityZone: props.availabilityZones[i % props.availabilityZones.length],
        // Tier 0 for the writer, 1 for readers: on failover RDS promotes the reader with the lowest tier.
        promotionTier: i === 0 ? 0 : 1,
        publiclyAccessible: false,
        // The cluster's engine version applies to its instances; pinned unless autoMinorVersionUpgrade.
        autoMinorVersionUpgrade: autoMinor,
        performanceInsightsEnabled: true,
        performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays ?? 7,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        tags: nameTags(`${name}-aurora-${role}`, tags),
      });
    });
    this.instanceIdentifiers = instances.map((instance) => instance.identifier);
    this.clusterIdentifier = this.cluster.clusterIdentifier;
    this.clusterArn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.readerEndpoint = this.cluster.readerEndpoint;
    this.masterUserSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
    this.connection = {
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: Token.asString(this.cluster.port),
      databaseName,
      securityGroupId: securityGroupIds[0] as string,
    };

    if (appUser) {
      this.applicationSecret = new GeneratedSecret(this, "app-user", {
        secretName: `${name}/aurora/${username}`,
        description: `Login of the application user ${username} of ${name}-aurora`,
        length: 40,
        version: appUser.passwordVersion,
        kmsKeyArn: props.kmsKeyArn,
        recoveryWindowDays: props.secretRecoveryWindowDays,
        json: { generatedKey: "password", fields: { engine: "mysql", username, dbname: databaseName } },
        tags,
      });
      const region = new DataAwsRegion(this, "region");
      new DataResource(this, "app-user-login", {
        triggersReplace: {
          secret: this.applicationSecret.secretArn,
          version: this.applicationSecret.version,
          privileges: privileges.join(", "),
        },
        dependsOn: [instances[0] as RdsClusterInstance, this.applicationSecret.secretVersion],
        provisioners: [
          {
            type: "local-exec",
            interpreter: ["bash", "-c"],
            command: APPLICATION_USER_SCRIPT,
            environment: {
              REGION: region.region,
              CLUSTER_ARN: this.cluster.arn,
              MASTER_SECRET_ARN: this.masterUserSecretArn,
              APP_SECRET_ARN: this.applicationSecret.secretArn,
              DATABASE: databaseName,
              PRIVILEGES: privileges.join(", "),
            },
          },
        ],
      });
      this.applicationUserSecretArn = this.applicationSecret.secretArn;
      this.applicationUsername = username;
    } else {
      this.applicationUserSecretArn = undefined;
      this.applicationUsername = undefined;
    }
  }

  /** Opens the cluster's own security group to `securityGroupId` on the database port. */
  allowConnectionsFrom(securityGroupId: string, description = "Clients of the database"): void {
    allowThroughOwnGroup(this.node.path, this.ownGroup, securityGroupId, description);
  }

  /** Lets `role` read the application user's login (what the app connects with). */
  grantReadApplicationCredentials(role: GrantableRole): void {
    if (!this.applicationSecret) {
      throw new InvalidPropError(
        this.node.path,
        "applicationUser",
        undefined,
        "is not set: there is no such login",
      );
    }
    this.applicationSecret.grantRead(role);
  }

  /** Lets `role` read the master user's login (operators, migrations run by hand). */
  grantReadMasterCredentials(role: GrantableRole): void {
    grant(this, `grant-master-${this.grants++}`, role, `read-master-${this.node.addr.slice(0, 16)}`, [
      { actions: ["secretsmanager:GetSecretValue"], resources: [this.masterUserSecretArn] },
      ...(this.kmsKeyArn ? [{ actions: ["kms:Decrypt"], resources: [this.kmsKeyArn] }] : []),
    ]);
  }

  /** Writer (and reader) CPU, percent. */
  metricCpu(role: "WRITER" | "READER" = "WRITER"): MetricSpec {
    return metric(
      "AWS/RDS",
      "CPUUtilization",
      { DBClusterIdentifier: this.clusterIdentifier, Role: role },
      "Maximum",
    );
  }

  /** Open connections across the cluster. */
  metricConnections(): MetricSpec {
    return metric(
      "AWS/RDS",
      "DatabaseConnections",
      { DBClusterIdentifier: this.clusterIdentifier },
      "Maximum",
    );
  }

  /** How far the readers are behind the writer, milliseconds (what a failover would lose in freshness). */
  metricReplicaLag(): MetricSpec {
    return metric(
      "AWS/RDS",
      "AuroraReplicaLagMaximum",
      { DBClusterIdentifier: this.clusterIdentifier },
      "Maximum",
    );
  }

  /** Commits per second on the writer: the reservation engine's group commits. */
  metricCommitThroughput(): MetricSpec {
    return metric("AWS/RDS", "CommitThroughput", {
      DBClusterIdentifier: this.clusterIdentifier,
      Role: "WRITER",
    });
  }
}
