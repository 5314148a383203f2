import { AURORA_DEFAULT_ENGINE_VERSION, AuroraDatabase } from "../../src/database/aurora-database.js";
import { APPLICATION_USER_SCRIPT } from "../../src/database/application-user.js";
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
      engine_version: "8.0.mysql_aurora.3.10.4",
      storage_encrypted: true,
      manage_master_user_password: true,
      backup_retention_period: 7,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier:
        '${join("-", ["ticketing-aurora-final", formatdate("YYYYMMDDhhmmss", timestamp())])}',
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

  test("finding 6: stays on the 3.10 long-term-support line, which AWS does not upgrade under Terraform's feet", () => {
    expect(AURORA_DEFAULT_ENGINE_VERSION).toMatch(/^8\.0\.mysql_aurora\.3\.10\.\d+$/);
    for (const { config } of resources(s, "aws_rds_cluster_instance")) {
      expect(config["auto_minor_version_upgrade"]).toBe(false);
      // The cluster's version applies: an instance pinned as well would be one more thing to drift.
      expect(config["engine_version"]).toBeUndefined();
    }
    expect(cluster["lifecycle"]).toEqual({ ignore_changes: ["final_snapshot_identifier"] });
    const stack2 = testStack();
    new AuroraDatabase(stack2, "db", { ...base, autoMinorVersionUpgrade: true });
    const s2 = synth(stack2);
    // Upgrades by AWS, then: Terraform must not try to downgrade the version after one.
    expect(only(s2, "aws_rds_cluster")["lifecycle"]).toEqual({
      ignore_changes: ["final_snapshot_identifier", "engine_version"],
    });
    expect(
      resources(s2, "aws_rds_cluster_instance").every((i) => i.config["auto_minor_version_upgrade"]),
    ).toBe(true);
  });

  test("finding 7: the parameter group writes the audit and slow-query logs the cluster exports", () => {
    expect(cluster["enabled_cloudwatch_logs_exports"]).toEqual(["audit", "error", "slowquery"]);
    const parameters = resources(s, "aws_rds_cluster_parameter_group")[0]?.config["parameter"];
    expect(parameters).toEqual(
      expect.arrayContaining([
        { name: "server_audit_logging", value: "1" },
        { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" },
        { name: "slow_query_log", value: "1" },
        { name: "long_query_time", value: "1" },
        { name: "log_output", value: "FILE" },
      ]),
    );
  });

  test("finding 11: each cluster's final snapshot is named when the cluster is created, so a second destroy works", () => {
    expect(String(cluster["final_snapshot_identifier"])).toContain("timestamp()");
    expect((cluster["lifecycle"] as { ignore_changes: string[] }).ignore_changes).toContain(
      "final_snapshot_identifier",
    );
  });

  test("with an application user, keeps its login in a secret and makes the database match it at apply time", () => {
    const stack2 = testStack();
    const withUser = new AuroraDatabase(stack2, "db", { ...base, applicationUser: { passwordVersion: 2 } });
    withUser.grantReadApplicationCredentials({ name: "app-role" });
    const s2 = synth(stack2);
    const secret = only(s2, "aws_secretsmanager_secret");
    expect(secret["name"]).toBe("ticketing/aurora/ticketing_app");
    const version = only(s2, "aws_secretsmanager_secret_version");
    expect(version["secret_string_wo_version"]).toBe(2);
    expect(String(version["secret_string_wo"])).toMatch(
      /^\$\{jsonencode\(\{"engine" = "mysql", "username" = "ticketing_app", "dbname" = "ticketing", "password" = ephemeral\./,
    );
    const login = only(s2, "terraform_data");
    const exec = (login["provisioner"] as { "local-exec": Record<string, unknown> }[])[0]?.["local-exec"];
    expect(exec).toMatchObject({ interpreter: ["bash", "-c"], command: APPLICATION_USER_SCRIPT });
    expect(exec?.["environment"]).toMatchObject({
      DATABASE: "ticketing",
      PRIVILEGES: "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES",
    });
    expect(login["triggers_replace"]).toMatchObject({ version: 2 });
    expect(APPLICATION_USER_SCRIPT).not.toMatch(/\$\{|%\{/);
    expect(only(s2, "aws_rds_cluster")["enable_http_endpoint"]).toBe(true);
    expect(only(s2, "aws_iam_role_policy")["role"]).toBe("app-role");
    expect(withUser.applicationUsername).toBe("ticketing_app");
  });

  test("used alone, makes a security group of its own that `allowConnectionsFrom` opens on the database port", () => {
    const stack2 = testStack();
    const alone = new AuroraDatabase(stack2, "db", {
      subnetIds: base.subnetIds,
      availabilityZones: base.availabilityZones,
      vpcId: "vpc-1",
    });
    alone.allowConnectionsFrom("sg-app");
    alone.grantReadMasterCredentials({ name: "ops" });
    const s2 = synth(stack2);
    const own = only(s2, "aws_security_group");
    expect(own).toMatchObject({ vpc_id: "vpc-1", name: "ticketing-aurora" });
    expect(only(s2, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      referenced_security_group_id: "sg-app",
      from_port: 3306,
    });
    expect(String(only(s2, "aws_iam_role_policy")["policy"])).toContain("master_user_secret");
    expect(() => db.allowConnectionsFrom("sg-x")).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
    expect(() => db.grantReadApplicationCredentials({ name: "r" })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "applicationUser" }),
    );
    expect(alone.metricReplicaLag()).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "AuroraReplicaLagMaximum",
    });
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
    ["neither security groups nor a VPC", { securityGroupIds: undefined }],
    ["the master user as the application user", { applicationUser: { username: "ticketing_admin" } }],
    ["an application user with a quote", { applicationUser: { username: "app'--" } }],
    ["a made-up privilege", { applicationUser: { privileges: ["ALL; DROP"] } }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new AuroraDatabase(testStack(), "db", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
