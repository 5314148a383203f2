import { AuroraDatabase } from "../../src/database/aurora-database.js";
import { only, resources, synth, testStack } from "../helpers/synth.js";

const base = {
  subnetIds: ["subnet-a", "subnet-b"],
  securityGroupIds: ["sg-db"],
  availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
};

/** Writer first, then readers in order. */
function byIdentifier(instances: Record<string, unknown>[]): Record<string, unknown>[] {
  const rank = (i: Record<string, unknown>) =>
    String(i["identifier"])
      .replace("writer", "0")
      .replace(/reader-(\d+)/, "$1");
  return [...instances].sort((a, b) => rank(a).localeCompare(rank(b)));
}

describe("AuroraDatabase", () => {
  const stack = testStack();
  const db = new AuroraDatabase(stack, "db", base);
  const s = synth(stack);
  const cluster = only(s, "aws_rds_cluster");

  test("with minimal props is an encrypted Aurora MySQL 3 cluster whose password RDS keeps in Secrets Manager", () => {
    expect(cluster).toMatchObject({
      engine: "aurora-mysql",
      engine_version: "8.0.mysql_aurora.3.08.2",
      storage_encrypted: true,
      manage_master_user_password: true,
      backup_retention_period: 7,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "ticketing-aurora-final",
      vpc_security_group_ids: ["sg-db"],
      iam_database_authentication_enabled: true,
    });
    expect(cluster["master_password"]).toBeUndefined();
    expect(cluster["master_password_wo"]).toBeUndefined();
    expect(db.masterUserSecretArn).toBeDefined();
  });

  test("puts the writer and the reader in different zones, both with Performance Insights", () => {
    const instances = byIdentifier(resources(s, "aws_rds_cluster_instance").map((r) => r.config));
    expect(instances).toHaveLength(2);
    expect(instances.map((i) => [i["identifier"], i["availability_zone"], i["promotion_tier"]])).toEqual([
      ["ticketing-aurora-writer", "ap-northeast-2a", 0],
      ["ticketing-aurora-reader-1", "ap-northeast-2c", 1],
    ]);
    for (const i of instances) {
      expect(i).toMatchObject({
        performance_insights_enabled: true,
        publicly_accessible: false,
        instance_class: "db.r6g.large",
      });
      expect(i["cluster_identifier"]).toMatch(/^\$\{aws_rds_cluster\..+\.id\}$/);
    }
  });

  test("requires TLS through the cluster parameter group it is attached to", () => {
    const group = resources(s, "aws_rds_cluster_parameter_group")[0];
    expect(group?.config["family"]).toBe("aurora-mysql8.0");
    expect(group?.config["parameter"]).toEqual(
      expect.arrayContaining([{ name: "require_secure_transport", value: "ON" }]),
    );
    expect(cluster["db_cluster_parameter_group_name"]).toBe(
      `\${aws_rds_cluster_parameter_group.${group?.name}.name}`,
    );
    expect(only(s, "aws_db_subnet_group")["subnet_ids"]).toEqual(["subnet-a", "subnet-b"]);
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new AuroraDatabase(stack2, "db", {
      ...base,
      availabilityZones: ["a1", "b1", "c1"],
      name: "shop",
      engineVersion: "8.0.mysql_aurora.3.10.0",
      instanceClass: "db.t4g.medium",
      readerCount: 2,
      databaseName: "shop",
      masterUsername: "root_user",
      port: 3307,
      backupRetentionDays: 1,
      deletionProtection: false,
      performanceInsightsRetentionDays: 31,
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      backupWindow: "01:00-02:00",
      maintenanceWindow: "mon:01:00-mon:02:00",
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    expect(only(s2, "aws_rds_cluster")).toMatchObject({
      cluster_identifier: "shop-aurora",
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 1,
      kms_key_id: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      master_user_secret_kms_key_id: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      port: 3307,
    });
    const instances = byIdentifier(resources(s2, "aws_rds_cluster_instance").map((r) => r.config));
    expect(instances.map((i) => i["availability_zone"])).toEqual(["a1", "b1", "c1"]);
    expect(instances.every((i) => i["performance_insights_retention_period"] === 31)).toBe(true);
  });

  test.each([
    ["a MySQL 5.7 engine", { engineVersion: "5.7.mysql_aurora.2.11.2" }],
    ["zero backup days", { backupRetentionDays: 0 }],
    ["writer and reader in one zone", { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }],
    ["a single subnet", { subnetIds: ["subnet-a"] }],
    ["a bad instance class", { instanceClass: "r6g.large" }],
    ["sixteen readers", { readerCount: 16 }],
    ["a class without Performance Insights", { instanceClass: "db.t3.medium" }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new AuroraDatabase(testStack(), "db", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
