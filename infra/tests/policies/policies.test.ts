import { secretLiterals } from "../helpers/secret-scan.js";
import {
  dataSources,
  named,
  only,
  resources,
  synthFullStack,
  type Block,
  type Synthesized,
} from "../helpers/synth.js";

// Policy checks over the whole synthesized stacks, named after the Checkov check that covers the same rule where one
// exists. Each stack is synthesized once for the file.
const stacks: Record<"dev" | "prod", Synthesized> = {
  dev: synthFullStack("dev"),
  prod: synthFullStack("prod"),
};
const OPEN = ["0.0.0.0/0", "::/0"];

function groupOf(s: Synthesized, rule: Block): Block | undefined {
  const id = String(rule.config["security_group_id"]);
  return resources(s, "aws_security_group").find((g) => id.includes(`.${g.name}.`));
}

describe.each(["dev", "prod"] as const)("policies of the %s stack", (preset) => {
  const s = stacks[preset];

  test("CKV_AWS_260/CKV_AWS_24/CKV_AWS_25/CKV_AWS_277: only the ALB accepts 0.0.0.0/0 or ::/0, and only on 80/443", () => {
    const open = resources(s, "aws_vpc_security_group_ingress_rule").filter((r) =>
      OPEN.includes(String(r.config["cidr_ipv4"] ?? r.config["cidr_ipv6"])),
    );
    expect(open.length).toBeGreaterThan(0);
    for (const rule of open) {
      expect(groupOf(s, rule)?.config["name"]).toBe(`ticketing-${preset}-alb`);
      expect([80, 443]).toContain(rule.config["from_port"]);
      expect(rule.config["to_port"]).toBe(rule.config["from_port"]);
      expect(rule.config["ip_protocol"]).toBe("tcp");
    }
    for (const g of resources(s, "aws_security_group")) expect(g.config["ingress"]).toBeUndefined();
  });

  test("CKV_AWS_23: every security group and rule is described", () => {
    for (const type of [
      "aws_security_group",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
    ]) {
      for (const r of resources(s, type)) expect(String(r.config["description"] ?? "")).not.toBe("");
    }
  });

  test("the database and Redis accept traffic only from the app security group, on their own port", () => {
    const ingress = resources(s, "aws_vpc_security_group_ingress_rule");
    const app = resources(s, "aws_security_group").find(
      (g) => g.config["name"] === `ticketing-${preset}-app`,
    );
    for (const [suffix, port] of [
      ["database", 3306],
      ["redis", 6379],
    ] as const) {
      const rules = ingress.filter((r) => groupOf(s, r)?.config["name"] === `ticketing-${preset}-${suffix}`);
      expect(rules.map((r) => [r.config["from_port"], r.config["referenced_security_group_id"]])).toEqual([
        [port, `\${aws_security_group.${app?.name}.id}`],
      ]);
    }
  });

  test("CKV_AWS_79: instances require IMDSv2 tokens", () => {
    const templates = resources(s, "aws_launch_template");
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates)
      expect(t.config["metadata_options"]).toMatchObject({
        http_tokens: "required",
        http_endpoint: "enabled",
      });
  });

  test("CKV_AWS_8: instance root volumes are encrypted", () => {
    for (const t of resources(s, "aws_launch_template")) {
      for (const m of t.config["block_device_mappings"] as { ebs: { encrypted: string } }[])
        expect(m.ebs.encrypted).toBe("true");
    }
  });

  test("CKV_AWS_96: Aurora storage is encrypted, and CKV_AWS_17: no instance is public", () => {
    for (const c of resources(s, "aws_rds_cluster")) expect(c.config["storage_encrypted"]).toBe(true);
    for (const i of resources(s, "aws_rds_cluster_instance"))
      expect(i.config["publicly_accessible"]).toBe(false);
  });

  test("Aurora requires TLS in transit (require_secure_transport=ON)", () => {
    const groups = resources(s, "aws_rds_cluster_parameter_group");
    for (const c of resources(s, "aws_rds_cluster")) {
      const group = groups.find((g) =>
        String(c.config["db_cluster_parameter_group_name"]).includes(`.${g.name}.`),
      );
      expect(group?.config["parameter"]).toEqual(
        expect.arrayContaining([{ name: "require_secure_transport", value: "ON" }]),
      );
    }
  });

  test("CKV_AWS_29/CKV_AWS_30/CKV_AWS_31: ElastiCache is encrypted at rest and in transit, with an AUTH token", () => {
    for (const g of resources(s, "aws_elasticache_replication_group")) {
      expect(g.config).toMatchObject({
        at_rest_encryption_enabled: "true",
        transit_encryption_enabled: true,
        transit_encryption_mode: "required",
      });
      // Read from its secret (finding 8): a replaced group gets the token the secret holds.
      expect(String(g.config["auth_token_wo"])).toMatch(
        /^\$\{ephemeral\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\}$/,
      );
    }
  });

  test("ElastiCache never evicts keys (maxmemory-policy noeviction)", () => {
    for (const p of resources(s, "aws_elasticache_parameter_group")) {
      expect(p.config["parameter"]).toEqual([{ name: "maxmemory-policy", value: "noeviction" }]);
    }
  });

  test("CKV_AWS_19/CKV_AWS_21/CKV2_AWS_6: S3 buckets are encrypted, versioned and block public access", () => {
    const buckets = resources(s, "aws_s3_bucket");
    const covered = (type: string) => resources(s, type).map((r) => String(r.config["bucket"]));
    for (const b of buckets) {
      const id = `\${aws_s3_bucket.${b.name}.id}`;
      expect(covered("aws_s3_bucket_server_side_encryption_configuration")).toContain(id);
      expect(covered("aws_s3_bucket_versioning")).toContain(id);
      expect(covered("aws_s3_bucket_public_access_block")).toContain(id);
      expect(covered("aws_s3_bucket_policy")).toContain(id);
    }
    for (const pab of resources(s, "aws_s3_bucket_public_access_block")) {
      expect(pab.config).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
  });

  test("S3 buckets deny requests without TLS", () => {
    const docs = dataSources(s, "aws_iam_policy_document").map(
      (d) => d.config as { statement: Record<string, unknown>[] },
    );
    const tlsOnly = docs.filter((d) =>
      d.statement.some((st) => st["sid"] === "DenyInsecureTransport" && st["effect"] === "Deny"),
    );
    expect(tlsOnly).toHaveLength(resources(s, "aws_s3_bucket").length);
  });

  test("CKV_AWS_27: SQS queues are encrypted, CKV_AWS_26: SNS topics are KMS-encrypted, CKV_AWS_7: keys rotate", () => {
    for (const q of resources(s, "aws_sqs_queue")) expect(q.config["sqs_managed_sse_enabled"]).toBe(true);
    for (const t of resources(s, "aws_sns_topic")) expect(t.config["kms_master_key_id"]).toBeDefined();
    for (const k of resources(s, "aws_kms_key")) expect(k.config["enable_key_rotation"]).toBe(true);
  });

  test("CKV_AWS_163/CKV_AWS_51: ECR scans on push, has immutable tags and is encrypted (CKV_AWS_136 wants KMS: registry.kmsKeyArn)", () => {
    for (const r of resources(s, "aws_ecr_repository")) {
      expect(r.config).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
      });
      expect(r.config["encryption_configuration"]).toBeDefined();
    }
  });

  test("CKV_AWS_131/CKV_AWS_91: the ALB drops invalid headers and writes access logs", () => {
    for (const lb of resources(s, "aws_lb")) {
      expect(lb.config).toMatchObject({ drop_invalid_header_fields: true, access_logs: { enabled: true } });
    }
  });

  test("CKV_AWS_2/CKV_AWS_103: with a certificate, HTTP only redirects and HTTPS uses TLS 1.2+", () => {
    const listeners = resources(s, "aws_lb_listener").map((r) => r.config);
    const http = listeners.filter((l) => l["protocol"] === "HTTP");
    expect(http.map((l) => (l["default_action"] as { type: string }[])[0]?.type)).toEqual(["redirect"]);
    for (const l of listeners.filter((l) => l["protocol"] === "HTTPS"))
      expect(String(l["ssl_policy"])).toMatch(/TLS13-1-2|TLS-1-2/);
  });

  test("CKV_AWS_66: every log group has a retention", () => {
    for (const g of resources(s, "aws_cloudwatch_log_group"))
      expect(g.config["retention_in_days"]).toBeGreaterThan(0);
  });

  test("CKV_AWS_126: instances have detailed monitoring, and CKV2_AWS_11: the VPC has flow logs", () => {
    for (const t of resources(s, "aws_launch_template"))
      expect(t.config["monitoring"]).toEqual({ enabled: true });
    expect(resources(s, "aws_flow_log").map((f) => f.config["vpc_id"])).toEqual(
      resources(s, "aws_vpc").map((v) => `\${aws_vpc.${v.name}.id}`),
    );
  });

  test("CKV_AWS_133: automated backups are kept at least a day, and CKV_AWS_353: Performance Insights is on", () => {
    for (const c of resources(s, "aws_rds_cluster"))
      expect(c.config["backup_retention_period"]).toBeGreaterThanOrEqual(1);
    for (const i of resources(s, "aws_rds_cluster_instance"))
      expect(i.config["performance_insights_enabled"]).toBe(true);
    for (const g of resources(s, "aws_elasticache_replication_group"))
      expect(g.config["snapshot_retention_limit"]).toBeGreaterThanOrEqual(1);
  });

  test("CKV_AWS_41/CKV_SECRET: no secret literal anywhere in the synthesized JSON", () => {
    const findings = secretLiterals(s.json);
    expect(findings).toEqual([]);
    for (const p of resources(s, "aws_ssm_parameter")) expect(p.config["type"]).toBe("String");
    expect(s.text).not.toMatch(/(AKIA|ASIA)[A-Z0-9]{16}/);
    expect(s.text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });

  test("finding 4/11: every alarm notifies the alert topic, which has a recipient", () => {
    const alarms = resources(s, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBeGreaterThanOrEqual(10);
    const topic = resources(s, "aws_sns_topic").find((t) => String(t.config["name"]).endsWith("-alerts"));
    for (const a of alarms)
      expect(a.config["alarm_actions"]).toContain(`\${aws_sns_topic.${topic?.name}.arn}`);
    expect(
      resources(s, "aws_sns_topic_subscription").filter((sub) =>
        String(sub.config["topic_arn"]).includes(`.${topic?.name}.`),
      ),
    ).not.toHaveLength(0);
  });

  test("CKV2_AWS_12: the VPC's default security group is managed and allows nothing", () => {
    const group = resources(s, "aws_default_security_group");
    expect(group).toHaveLength(1);
    expect(group[0]?.config["ingress"]).toBeUndefined();
    expect(group[0]?.config["egress"]).toBeUndefined();
  });

  test("finding 11: the flow-log role trusts the flow-log service only for this account's own flow logs", () => {
    const role = resources(s, "aws_iam_role").find((r) => String(r.config["name"]).includes("flow-logs"));
    const trust = JSON.parse(String(role?.config["assume_role_policy"])) as {
      Statement: { Principal: unknown; Condition: Record<string, Record<string, string>> }[];
    };
    expect(trust.Statement[0]?.Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    expect(trust.Statement[0]?.Condition["StringEquals"]?.["aws:SourceAccount"]).toMatch(
      /aws_caller_identity/,
    );
    expect(trust.Statement[0]?.Condition["ArnLike"]?.["aws:SourceArn"]).toMatch(/:vpc-flow-log\/\*$/);
  });

  test("a WAF web ACL with AWS managed rule groups and per-IP rate limits protects the load balancer", () => {
    const acl = only(s, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
    const rules = acl["rule"] as { name: string; statement: Record<string, Record<string, unknown>> }[];
    const managed = rules.flatMap((r) => {
      const group = r.statement["managed_rule_group_statement"];
      return group ? [group["name"]] : [];
    });
    expect(managed).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesAnonymousIpList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
    ]);
    const rate = rules.filter((r) => r.statement["rate_based_statement"]);
    expect(rate.map((r) => [r.name, r.statement["rate_based_statement"]?.["limit"]])).toEqual([
      ["reservations-per-ip", 600],
      ["requests-per-ip", 6000],
    ]);
    const lb = resources(s, "aws_lb")[0]?.name;
    expect(only(s, "aws_wafv2_web_acl_association")["resource_arn"]).toBe(`\${aws_lb.${lb}.arn}`);
    expect(only(s, "aws_wafv2_web_acl_logging_configuration")["redacted_fields"]).toEqual([
      { single_header: { name: "authorization" } },
    ]);
  });
});

describe("policies only the prod stack must meet", () => {
  const s = stacks.prod;

  test("CKV_AWS_139/CKV_AWS_150: deletion protection on Aurora and the ALB, with a final snapshot", () => {
    for (const c of resources(s, "aws_rds_cluster")) {
      expect(c.config).toMatchObject({ deletion_protection: true, skip_final_snapshot: false });
      expect(c.config["final_snapshot_identifier"]).toBeDefined();
    }
    for (const lb of resources(s, "aws_lb")) expect(lb.config["enable_deletion_protection"]).toBe(true);
  });

  test("CKV_AWS_133: backups are kept 7 days (Aurora and Redis snapshots)", () => {
    for (const c of resources(s, "aws_rds_cluster"))
      expect(c.config["backup_retention_period"]).toBeGreaterThanOrEqual(7);
    for (const g of resources(s, "aws_elasticache_replication_group"))
      expect(g.config["snapshot_retention_limit"]).toBeGreaterThanOrEqual(7);
  });

  test("CKV_AWS_157: Aurora has a writer and a reader in different zones", () => {
    const instances = resources(s, "aws_rds_cluster_instance").map((i) => i.config);
    expect(instances.length).toBeGreaterThanOrEqual(2);
    expect(new Set(instances.map((i) => i["availability_zone"])).size).toBeGreaterThanOrEqual(2);
  });

  test("ElastiCache is Multi-AZ with automatic failover and a replica", () => {
    for (const g of resources(s, "aws_elasticache_replication_group")) {
      expect(g.config).toMatchObject({ multi_az_enabled: true, automatic_failover_enabled: true });
      expect(g.config["num_cache_clusters"]).toBeGreaterThanOrEqual(2);
    }
  });

  test("one NAT gateway per zone, each private route table using its own", () => {
    const subnets = resources(s, "aws_subnet");
    const nats = resources(s, "aws_nat_gateway");
    const zones = new Set(subnets.map((x) => x.config["availability_zone"]));
    expect(nats).toHaveLength(zones.size);
    const natZones = nats.map(
      (n) =>
        subnets.find((x) => String(n.config["subnet_id"]).includes(`.${x.name}.`))?.config[
          "availability_zone"
        ],
    );
    expect(new Set(natZones).size).toBe(zones.size);
    const privateRoutes = resources(s, "aws_route").filter((r) => r.config["nat_gateway_id"] !== undefined);
    expect(new Set(privateRoutes.map((r) => r.config["nat_gateway_id"])).size).toBe(nats.length);
  });

  test("finding 10: scaled before the opening: pre-warm and release per opening, a warm pool, request tracking", () => {
    const schedules = resources(s, "aws_autoscaling_schedule").map((r) => r.config);
    expect(schedules.map((c) => [c["start_time"], c["min_size"], c["desired_capacity"]]).sort()).toEqual([
      ["2099-03-06T09:45:00Z", 4, 4],
      ["2099-03-06T11:00:00Z", 2, -1],
    ]);
    expect(only(s, "aws_autoscaling_group")["warm_pool"]).toMatchObject({
      pool_state: "Stopped",
      min_size: 0,
    });
    expect(
      named(s, "aws_autoscaling_policy", "target-requests")["target_tracking_configuration"],
    ).toMatchObject({
      target_value: 150_000,
      predefined_metric_specification: { predefined_metric_type: "ALBRequestCountPerTarget" },
    });
    expect(only(s, "aws_autoscaling_group")["default_instance_warmup"]).toBe(60);
  });

  test("the fleet runs at least 2 instances across at least 2 private subnets", () => {
    for (const asg of resources(s, "aws_autoscaling_group")) {
      expect(asg.config["min_size"]).toBeGreaterThanOrEqual(2);
      expect((asg.config["vpc_zone_identifier"] as string[]).length).toBeGreaterThanOrEqual(2);
      expect(asg.config["health_check_type"]).toBe("ELB");
    }
  });
});
