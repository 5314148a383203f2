import { TerraformStack, Token } from "cdktn";
import { TicketingPlatform } from "../../src/platform/ticketing-platform.js";
import { presets } from "../../src/presets.js";
import {
  dataSources,
  named,
  only,
  resources,
  synth,
  TEST_CERTIFICATE_ARN,
  testApp,
  testStack,
  type Synthesized,
} from "../helpers/synth.js";

const AZS = ["ap-northeast-2a", "ap-northeast-2c"];
/** What prod needs to synthesize at all. */
const DEPLOYABLE = { certificateArn: TEST_CERTIFICATE_ARN, alarmEmails: ["oncall@example.com"] };

function platform(
  props: Partial<ConstructorParameters<typeof TicketingPlatform>[2]> & { preset: "dev" | "prod" },
): Synthesized {
  const stack = testStack();
  new TicketingPlatform(stack, "platform", { availabilityZones: AZS, ...DEPLOYABLE, ...props });
  return synth(stack);
}

/** The instance role's policy statements, by sid. */
function instanceStatements(s: Synthesized): Record<string, { actions: string[]; resources: string[] }> {
  const document = dataSources(s, "aws_iam_policy_document").find((d) =>
    d.name.includes("fleet_policy-document"),
  );
  const statements = (document?.config["statement"] ?? []) as {
    sid: string;
    actions: string[];
    resources: string[];
  }[];
  return Object.fromEntries(statements.map((st) => [st.sid, st]));
}

describe("TicketingPlatform", () => {
  const dev = platform({ preset: "dev" });

  test("the dev preset saves cost: one NAT, smallest instances, writer-only Aurora, one cache node, one app instance", () => {
    expect(resources(dev, "aws_nat_gateway")).toHaveLength(1);
    expect(only(dev, "aws_launch_template")["instance_type"]).toBe("t3.micro");
    expect(only(dev, "aws_autoscaling_group")).toMatchObject({
      min_size: 1,
      desired_capacity: 1,
      max_size: 4,
    });
    expect(only(dev, "aws_elasticache_replication_group")).toMatchObject({
      node_type: "cache.t4g.micro",
      num_cache_clusters: 1,
    });
    expect(resources(dev, "aws_rds_cluster_instance").map((r) => r.config["instance_class"])).toEqual([
      "db.t4g.medium",
    ]);
    expect(only(dev, "aws_rds_cluster")).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      backup_retention_period: 1,
    });
  });

  test("wires the app to the database and cache through SSM parameters and secrets, with no credentials in URLs", () => {
    const params = Object.fromEntries(
      resources(dev, "aws_ssm_parameter").map((r) => [
        String(r.config["name"]).split("/").pop(),
        r.config["value"],
      ]),
    );
    expect(params["DB_HOST"]).toMatch(/^\$\{aws_rds_cluster\..+\.endpoint\}$/);
    expect(params["DB_READER_HOST"]).toMatch(/reader_endpoint\}$/);
    expect(params["DB_PORT"]).toMatch(/^\$\{aws_rds_cluster\..+\.port\}$/);
    expect(params["REDIS_HOST"]).toMatch(/primary_endpoint_address\}$/);
    expect(params["METRICS_NAMESPACE"]).toBe("Ticketing");
    const userData = String(only(dev, "aws_launch_template")["user_data"]);
    expect(userData).toContain("REDIS_URL=rediss://:$REDIS_PASSWORD@$REDIS_HOST:$REDIS_PORT");
    expect(userData).toContain("DATABASE_URL=mysql://$DB_HOST:$DB_PORT/$DB_NAME");
    // Finding 1: TypeORM drops a URL's query string, so ?ssl= never reached the driver.
    expect(userData).not.toContain("?ssl=");
  });

  test("finding 1: the app verifies Aurora's certificate against the RDS bundle the boot script fetches and mounts", () => {
    const userData = String(only(dev, "aws_launch_template")["user_data"]);
    expect(userData).toContain(
      `CA_BUNDLE_URL='", "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem`,
    );
    expect(userData).toContain('echo \\"DATABASE_CA_FILE=$CA_FILE\\" >> \\"$ENV_FILE\\"');
    expect(userData).toContain('-v \\"$CA_FILE:$CA_FILE:ro\\"');
  });

  test("finding 3: the app logs in as its own user from a secret it re-reads, never as the master user", () => {
    const params = Object.fromEntries(
      resources(dev, "aws_ssm_parameter").map((r) => [
        String(r.config["name"]).split("/").pop(),
        r.config["value"],
      ]),
    );
    const appSecret = resources(dev, "aws_secretsmanager_secret").find(
      (r) => r.config["name"] === "ticketing-dev/aurora/ticketing_app",
    );
    expect(appSecret).toBeDefined();
    expect(params["DATABASE_SECRET_ARN"]).toBe(`\${aws_secretsmanager_secret.${appSecret?.name}.arn}`);
    // Neither the boot script nor the role touches the master user's secret.
    expect(String(only(dev, "aws_launch_template")["user_data"])).not.toContain("master_user_secret");
    const grants = resources(dev, "aws_iam_role_policy").map((r) => String(r.config["policy"]));
    expect(grants.some((policy) => policy.includes(`aws_secretsmanager_secret.${appSecret?.name}.arn`))).toBe(
      true,
    );
    expect(JSON.stringify(instanceStatements(dev))).not.toContain("master_user_secret");
    expect(JSON.stringify(grants)).not.toContain("master_user_secret");
    // The user is created (and its password set) from the secret at apply time.
    const login = only(dev, "terraform_data");
    expect(JSON.stringify(login["provisioner"])).toContain("CREATE USER IF NOT EXISTS");
    expect(only(dev, "aws_rds_cluster")["enable_http_endpoint"]).toBe(true);
  });

  test("finding 11: the instances get no SQS or SNS permissions the app does not use, and each secret once", () => {
    const statements = instanceStatements(dev);
    const actions = Object.values(statements).flatMap((st) => st.actions);
    expect(actions.filter((a) => /^(sqs|sns):/.test(a))).toEqual([]);
    const secrets = statements["OwnSecrets"]?.resources ?? [];
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  test("the app publishes its outbox to the notification queue: its URL, and sqs:SendMessage on that queue only", () => {
    const params = Object.fromEntries(
      resources(dev, "aws_ssm_parameter").map((r) => [
        String(r.config["name"]).split("/").pop(),
        r.config["value"],
      ]),
    );
    const queue = resources(dev, "aws_sqs_queue").find(
      (r) => r.config["name"] === "ticketing-dev-notifications",
    );
    expect(params["OUTBOX_QUEUE_URL"]).toBe(`\${aws_sqs_queue.${queue?.name}.url}`);
    const onFleet = resources(dev, "aws_iam_role_policy")
      // Inline grants (JSON); the instance policy itself is a policy document, checked by finding 11.
      .filter(
        (r) =>
          String(r.config["role"]).includes("aws_iam_role.") && String(r.config["policy"]).startsWith("{"),
      )
      .map(
        (r) =>
          JSON.parse(String(r.config["policy"])) as { Statement: { Action: string[]; Resource: unknown }[] },
      )
      .flatMap((policy) => policy.Statement)
      .filter((statement) => statement.Action.some((action) => /^(sqs|sns|kms):/.test(action)));
    expect(onFleet).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: `\${aws_sqs_queue.${queue?.name}.arn}` },
    ]);
  });

  test("watches the outbox: the dashboard draws its queue and dead letters, and any dead letter raises an alarm", () => {
    const queue = resources(dev, "aws_sqs_queue").find(
      (r) => r.config["name"] === "ticketing-dev-notifications",
    );
    const dlq = resources(dev, "aws_sqs_queue").find(
      (r) => r.config["name"] === "ticketing-dev-notifications-dlq",
    );
    const queueName = `\${aws_sqs_queue.${queue?.name}.name}`;
    const dlqName = `\${aws_sqs_queue.${dlq?.name}.name}`;
    const body = JSON.parse(String(only(dev, "aws_cloudwatch_dashboard")["dashboard_body"])) as {
      widgets: { properties: { title: string; metrics: unknown[][] } }[];
    };
    const drawn = body.widgets.flatMap((w) =>
      w.properties.metrics.filter((m) => m[0] === "AWS/SQS").map((m) => [w.properties.title, m[1], m[3]]),
    );
    expect(drawn).toEqual([
      [
        "Outbox queue: messages waiting and sent, relay failures",
        "ApproximateNumberOfMessagesVisible",
        queueName,
      ],
      ["Outbox queue: messages waiting and sent, relay failures", "NumberOfMessagesSent", queueName],
      ["Outbox queue: oldest message (s)", "ApproximateAgeOfOldestMessage", queueName],
      ["Outbox dead letters (messages)", "ApproximateNumberOfMessagesVisible", dlqName],
    ]);
    const topic = resources(dev, "aws_sns_topic").find((r) => r.config["name"] === "ticketing-dev-alerts");
    expect(named(dev, "aws_cloudwatch_metric_alarm", "dead-letters")).toMatchObject({
      alarm_name: "ticketing-dev-dead-letters",
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: dlqName },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      alarm_actions: [`\${aws_sns_topic.${topic?.name}.arn}`],
    });
  });

  test("draws the waiting room from the namespace the app sends its metrics to", () => {
    const s = platform({ preset: "dev", monitoring: { appMetricsNamespace: "Shop" } });
    const body = String(only(s, "aws_cloudwatch_dashboard")["dashboard_body"]);
    expect(body).toContain('["Shop","WaitingRoomJoins"]');
    expect(body).toContain('["Shop","WaitingRoomAdmitted"]');
    expect(named(s, "aws_ssm_parameter", "METRICS_NAMESPACE")["value"]).toBe("Shop");
  });

  test("signs admissions with a generated WAITING_ROOM_SECRET the instances read from Secrets Manager", () => {
    const secret = resources(dev, "aws_secretsmanager_secret").find((r) =>
      String(r.config["name"]).endsWith("/api/waiting-room-secret"),
    );
    expect(secret).toBeDefined();
    const userData = String(only(dev, "aws_launch_template")["user_data"]);
    expect(userData).toContain(
      `SECRET_WAITING_ROOM_SECRET='", aws_secretsmanager_secret.${secret?.name}.arn`,
    );
    expect(instanceStatements(dev)["OwnSecrets"]?.resources).toContain(
      `\${aws_secretsmanager_secret.${secret?.name}.arn}`,
    );
  });

  test("finding 2: the target group probes liveness, so a dependency's outage never fails the fleet's health checks", () => {
    expect(only(dev, "aws_lb_target_group")["health_check"]).toMatchObject({
      path: "/api/health/live",
      matcher: "200",
    });
    expect(only(dev, "aws_autoscaling_group")["health_check_type"]).toBe("ELB");
  });

  test.each([
    ["a certificate", { certificateArn: undefined }, "certificateArn"],
    ["an alarm recipient", { alarmEmails: [] }, "alarmEmails"],
  ])(
    "finding 4: prod refuses to synthesize without %s unless marked as an example",
    (_what, missing, prop) => {
      expect(() => platform({ preset: "prod", ...missing })).toThrow(
        expect.objectContaining({ code: "E_INVALID_PROP", prop }),
      );
      expect(() => platform({ preset: "prod", ...missing, example: true })).not.toThrow();
    },
  );

  test("finding 4: prod with its certificate answers HTTPS and lets port 80 only redirect", () => {
    const prod = platform({ preset: "prod" });
    const listeners = resources(prod, "aws_lb_listener").map((r) => r.config);
    expect(listeners.find((l) => l["port"] === 443)).toMatchObject({
      protocol: "HTTPS",
      certificate_arn: TEST_CERTIFICATE_ARN,
    });
    expect(listeners.find((l) => l["port"] === 80)?.["default_action"]).toEqual([
      { type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } },
    ]);
  });

  test("finding 9: dev's secrets can be deleted at once, so a destroyed dev stack can be created again", () => {
    const windows = resources(dev, "aws_secretsmanager_secret").map(
      (r) => r.config["recovery_window_in_days"],
    );
    expect(windows.length).toBeGreaterThanOrEqual(3);
    expect(windows.every((w) => w === 0)).toBe(true);
  });

  test("puts a WAF web ACL in front of the load balancer", () => {
    const prod = platform({ preset: "prod" });
    const acl = resources(prod, "aws_wafv2_web_acl")[0];
    expect(only(prod, "aws_wafv2_web_acl_association")).toEqual(
      expect.objectContaining({
        resource_arn: `\${aws_lb.${resources(prod, "aws_lb")[0]?.name}.arn}`,
        web_acl_arn: `\${aws_wafv2_web_acl.${acl?.name}.arn}`,
      }),
    );
    expect(resources(platform({ preset: "dev", firewall: false }), "aws_wafv2_web_acl")).toEqual([]);
  });

  test("puts the ALB in public subnets, the fleet in private ones and the data stores in database subnets", () => {
    const subnetRef = (fragment: string) =>
      resources(dev, "aws_subnet")
        .filter((r) => r.name.includes(fragment))
        .map((r) => `\${aws_subnet.${r.name}.id}`)
        .sort();
    expect([...(only(dev, "aws_lb")["subnets"] as string[])].sort()).toEqual(subnetRef("_public-"));
    expect([...(only(dev, "aws_autoscaling_group")["vpc_zone_identifier"] as string[])].sort()).toEqual(
      subnetRef("_private-"),
    );
    expect([...(only(dev, "aws_db_subnet_group")["subnet_ids"] as string[])].sort()).toEqual(
      subnetRef("_database-"),
    );
    expect([...(only(dev, "aws_elasticache_subnet_group")["subnet_ids"] as string[])].sort()).toEqual(
      subnetRef("_database-"),
    );
  });

  test("sizes the app's database pools and the connection alarm from the writer's instance class", () => {
    const prod = platform({ preset: "prod" });
    const setting = (s: Synthesized) => ({
      poolSize: named(s, "aws_ssm_parameter", "DATABASE_POOL_SIZE")["value"],
      alarm: named(s, "aws_cloudwatch_metric_alarm", "db-connections")["threshold"],
    });
    // db.t4g.medium allows 90 connections; 4 instances × 3 pools × 5 stay within 63 of them.
    expect(setting(dev)).toEqual({ poolSize: "5", alarm: 72 });
    // db.r6g.large allows 1,000; with a reader, 20 instances × 2 workers × 2 pools × 8 take 640 of the 700.
    expect(setting(prod)).toEqual({ poolSize: "8", alarm: 800 });
    const given = platform({ preset: "dev", databaseMaxConnections: 200 });
    expect(setting(given)).toEqual({ poolSize: "10", alarm: 160 });
  });

  test("runs the preset's API processes per instance, or workersPerInstance, and sizes the pools for all of them", () => {
    const workers = (s: Synthesized) => named(s, "aws_ssm_parameter", "param-WORKERS")["value"];
    expect(workers(dev)).toBe("1");
    expect(workers(platform({ preset: "prod" }))).toBe("2");
    const three = platform({ preset: "dev", workersPerInstance: 3, databaseMaxConnections: 200 });
    expect(workers(three)).toBe("3");
    // 140 for the fleet: 4 instances × 3 workers × 3 pools × 3.
    expect(named(three, "aws_ssm_parameter", "DATABASE_POOL_SIZE")["value"]).toBe("3");
    expect(() => platform({ preset: "dev", workersPerInstance: 0 })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "workersPerInstance" }),
    );
    // Known only at deploy time: passed on as is, and the pools keep the engine's default.
    const later = platform({ preset: "dev", workersPerInstance: Token.asNumber("${var.workers}") });
    expect(workers(later)).toBe("${var.workers}");
    expect(resources(later, "aws_ssm_parameter").some((r) => r.name.includes("DATABASE_POOL_SIZE"))).toBe(
      false,
    );
  });

  test("keeps the engine's default pools and the preset's alarm when the fleet maximum is a deploy-time token", () => {
    const s = platform({
      preset: "dev",
      fleet: { capacity: { min: 1, max: Token.asNumber("${var.fleet_max}"), desired: 1 } },
    });
    expect(resources(s, "aws_ssm_parameter").map((r) => r.config["name"])).not.toContain(
      "/ticketing-dev/app/DATABASE_POOL_SIZE",
    );
    expect(named(s, "aws_cloudwatch_metric_alarm", "db-connections")["threshold"]).toBe(
      presets.dev.alarms.dbConnections.threshold,
    );
  });

  test("refuses a fleet larger than the writer has connections for", () => {
    expect(() => platform({ preset: "dev", fleet: { capacity: { min: 1, max: 30, desired: 1 } } })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "fleet.capacity.max", value: 30 }),
    );
  });

  test("applies typed overrides on top of the preset", () => {
    const s = platform({
      preset: "prod",
      name: "shop",
      network: { natGateways: "single" },
      database: { instanceClass: "db.r7g.xlarge", readerCount: 2 },
      cache: { nodeCount: 3 },
      fleet: {
        instanceType: "c7i.large",
        capacity: { min: 4, max: 40, desired: 4 },
        environment: { FEATURE_X: "on" },
      },
      scaling: { type: "target-tracking", targetCpuPercent: 50, instanceWarmupSeconds: 300 },
      monitoring: {
        thresholds: { dbConnections: { threshold: 500, periodSeconds: 60, evaluationPeriods: 3 } },
      },
      queue: { maxReceiveCount: 10 },
    });
    expect(resources(s, "aws_nat_gateway")).toHaveLength(1);
    expect(resources(s, "aws_rds_cluster_instance")).toHaveLength(3);
    expect(only(s, "aws_elasticache_replication_group")["num_cache_clusters"]).toBe(3);
    expect(only(s, "aws_autoscaling_group")).toMatchObject({ min_size: 4, max_size: 40, name: "shop-app" });
    expect(only(s, "aws_launch_template")["instance_type"]).toBe("c7i.large");
    expect(named(s, "aws_autoscaling_policy", "target-cpu")["policy_type"]).toBe("TargetTrackingScaling");
    expect(named(s, "aws_cloudwatch_metric_alarm", "db-connections")["threshold"]).toBe(500);
    expect(resources(s, "aws_ssm_parameter").some((r) => r.config["name"] === "/shop/app/FEATURE_X")).toBe(
      true,
    );
    // Untouched settings keep the prod preset.
    expect(only(s, "aws_rds_cluster")["backup_retention_period"]).toBe(
      presets.prod.database.backupRetentionDays,
    );
  });

  test("an override set to undefined keeps the preset value", () => {
    const s = platform({ preset: "prod", database: { instanceClass: undefined } });
    expect(
      resources(s, "aws_rds_cluster_instance").every((r) => r.config["instance_class"] === "db.r6g.large"),
    ).toBe(true);
  });

  test("without zones reads the region's first two available ones and spreads Aurora over them", () => {
    const stack = testStack();
    new TicketingPlatform(stack, "platform", { preset: "prod", ...DEPLOYABLE });
    const s = synth(stack);
    const zones = resources(s, "aws_rds_cluster_instance").map((r) => String(r.config["availability_zone"]));
    expect(zones.sort()).toEqual([
      expect.stringMatching(/element\(data\.aws_availability_zones\.[^.]+\.names, 0\)/),
      expect.stringMatching(/element\(data\.aws_availability_zones\.[^.]+\.names, 1\)/),
    ]);
  });

  test("refuses an unknown preset with E_UNKNOWN_PRESET", () => {
    const stack = new TerraformStack(testApp(), "x");
    expect(() => new TicketingPlatform(stack, "platform", { preset: "staging" as never })).toThrow(
      expect.objectContaining({ code: "E_UNKNOWN_PRESET", preset: "staging", known: ["dev", "prod"] }),
    );
  });

  test.each([
    ["min above max", { fleet: { capacity: { min: 10, max: 5 } } }, "E_CAPACITY_RANGE"],
    [
      "overlapping CIDRs",
      { network: { privateSubnetCidrs: ["10.0.1.0/24", "10.0.12.0/24"] } },
      "E_CIDR_OVERLAP",
    ],
    [
      "a subnet count that does not match the AZs",
      { network: { publicSubnetCidrs: ["10.0.1.0/24"] } },
      "E_SUBNET_AZ_MISMATCH",
    ],
  ])("refuses %s at construct time with %s", (_case, props, code) => {
    expect(
      () =>
        new TicketingPlatform(testStack(), "platform", {
          preset: "prod",
          availabilityZones: AZS,
          ...DEPLOYABLE,
          ...(props as object),
        }),
    ).toThrow(expect.objectContaining({ code }));
  });
});
