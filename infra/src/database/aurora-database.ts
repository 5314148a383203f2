import { Construct } from "constructs";
import { DbSubnetGroup } from "@cdktn/provider-aws/lib/db-subnet-group/index.js";
import { RdsCluster } from "@cdktn/provider-aws/lib/rds-cluster/index.js";
import { RdsClusterInstance } from "@cdktn/provider-aws/lib/rds-cluster-instance/index.js";
import { RdsClusterParameterGroup } from "@cdktn/provider-aws/lib/rds-cluster-parameter-group/index.js";
import { InvalidPropError } from "../errors.js";
import { nameTags } from "../tags.js";
import {
  assertInt,
  assertMatches,
  assertNonEmpty,
  assertPort,
  isUnresolved,
  NAME_PATTERN,
} from "../validate.js";

export interface AuroraDatabaseProps {
  /** Database subnets, at least two in different AZs. */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** AZ of each instance: the writer first, then readers. Consecutive instances must differ. */
  readonly availabilityZones: readonly string[];
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Aurora MySQL 3 (MySQL 8.0 compatible) engine version. @default "8.0.mysql_aurora.3.08.2" */
  readonly engineVersion?: string;
  /** @default "db.r6g.large" */
  readonly instanceClass?: string;
  /** Readers besides the writer; each goes to the next AZ. @default 1 */
  readonly readerCount?: number;
  /** @default "ticketing" */
  readonly databaseName?: string;
  /** @default "ticketing_admin" */
  readonly masterUsername?: string;
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
  /** Customer-managed KMS key for storage, PI and the master secret. @default the AWS-managed keys */
  readonly kmsKeyArn?: string;
  /** @default "03:00-04:00" (UTC) */
  readonly backupWindow?: string;
  /** @default "sun:18:00-sun:19:00" (UTC; 03:00 KST Monday) */
  readonly maintenanceWindow?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export const AURORA_DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.08.2";

/**
 * Aurora MySQL 3 cluster: writer + readers spread over AZs, encrypted storage, master password generated and kept by
 * RDS in Secrets Manager (`manage_master_user_password`, so it never appears in our code or state), TLS required.
 */
export class AuroraDatabase extends Construct {
  readonly cluster: RdsCluster;
  readonly clusterIdentifier: string;
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port: number;
  /** ARN of the Secrets Manager secret RDS created for the master user (JSON with `username` and `password`). */
  readonly masterUserSecretArn: string;
  readonly instanceIdentifiers: readonly string[];

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    const engineVersion = props.engineVersion ?? AURORA_DEFAULT_ENGINE_VERSION;
    const readers = props.readerCount ?? 1;
    const deletionProtection = props.deletionProtection ?? true;
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertMatches(
      path,
      "engineVersion",
      engineVersion,
      /^8\.0\.mysql_aurora\.3\.\d+\.\d+$/,
      'an Aurora MySQL 3 version like "8.0.mysql_aurora.3.08.2"',
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
    assertPort(path, "port", props.port);
    assertMatches(
      path,
      "databaseName",
      props.databaseName,
      /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
      "a MySQL identifier",
    );
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

    const tags = props.tags;
    const subnetGroup = new DbSubnetGroup(this, "subnets", {
      name: `${name}-aurora`,
      subnetIds: [...props.subnetIds],
      tags: nameTags(`${name}-aurora`, tags),
    });
    const parameters = new RdsClusterParameterGroup(this, "parameters", {
      name: `${name}-aurora-mysql8`,
      family: "aurora-mysql8.0",
      description: "TLS-only connections, UTF-8 everywhere",
      parameter: [
        { name: "require_secure_transport", value: "ON" },
        { name: "character_set_server", value: "utf8mb4" },
        { name: "collation_server", value: "utf8mb4_0900_ai_ci" },
      ],
      tags,
    });
    this.port = props.port ?? 3306;
    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: `${name}-aurora`,
      engine: "aurora-mysql",
      engineVersion,
      databaseName: props.databaseName ?? "ticketing",
      masterUsername: props.masterUsername ?? "ticketing_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      port: this.port,
      dbSubnetGroupName: subnetGroup.name,
      dbClusterParameterGroupName: parameters.name,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      preferredBackupWindow: props.backupWindow ?? "03:00-04:00",
      preferredMaintenanceWindow: props.maintenanceWindow ?? "sun:18:00-sun:19:00",
      deletionProtection,
      skipFinalSnapshot: props.skipFinalSnapshot ?? !deletionProtection,
      finalSnapshotIdentifier: `${name}-aurora-final`,
      copyTagsToSnapshot: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["audit", "error", "slowquery"],
      tags: nameTags(`${name}-aurora`, tags),
    });
    this.instanceIdentifiers = Array.from({ length: readers + 1 }, (_, i) => {
      const role = i === 0 ? "writer" : `reader-${i}`;
      const instance = new RdsClusterInstance(this, role, {
        identifier: `${name}-aurora-${role}`,
        clusterIdentifier: this.cluster.id,
        engine: this.cluster.engine,
        engineVersion: this.cluster.engineVersion,
        instanceClass,
        availabilityZone: props.availabilityZones[i % props.availabilityZones.length],
        // Tier 0 for the writer, 1 for readers: on failover RDS promotes the reader with the lowest tier.
        promotionTier: i === 0 ? 0 : 1,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays ?? 7,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        tags: nameTags(`${name}-aurora-${role}`, tags),
      });
      return instance.identifier;
    });
    this.clusterIdentifier = this.cluster.clusterIdentifier;
    this.endpoint = this.cluster.endpoint;
    this.readerEndpoint = this.cluster.readerEndpoint;
    this.masterUserSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
  }
}
