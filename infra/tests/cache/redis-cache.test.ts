import { RedisCache } from "../../src/cache/redis-cache.js";
import { only, resources, synth, testStack } from "../helpers/synth.js";

const base = { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-redis"] };

describe("RedisCache", () => {
  const stack = testStack();
  const cache = new RedisCache(stack, "cache", base);
  const s = synth(stack);
  const group = only(s, "aws_elasticache_replication_group");

  test("with minimal props is a Multi-AZ Valkey group with failover, TLS required and encryption at rest", () => {
    expect(group).toMatchObject({
      engine: "valkey",
      engine_version: "8.0",
      num_cache_clusters: 2,
      multi_az_enabled: true,
      automatic_failover_enabled: true,
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      snapshot_retention_limit: 7,
      security_group_ids: ["sg-redis"],
    });
    expect(cache.memberClusterIds).toEqual(["ticketing-cache-001", "ticketing-cache-002"]);
  });

  test("never evicts keys, so locks and fencing counters survive memory pressure", () => {
    const params = resources(s, "aws_elasticache_parameter_group")[0];
    expect(params?.config).toMatchObject({
      family: "valkey8",
      parameter: [{ name: "maxmemory-policy", value: "noeviction" }],
    });
    expect(group["parameter_group_name"]).toBe(`\${aws_elasticache_parameter_group.${params?.name}.name}`);
  });

  test("generates the token into its secret from one ephemeral Secrets Manager password, write-only", () => {
    const ephemeral = Object.keys(
      (s.json["ephemeral"] as Record<string, object>)["aws_secretsmanager_random_password"] ?? {},
    );
    expect(ephemeral).toHaveLength(1);
    const value = `\${ephemeral.aws_secretsmanager_random_password.${ephemeral[0]}.random_password}`;
    const version = only(s, "aws_secretsmanager_secret_version");
    expect(version).toMatchObject({ secret_string_wo: value, secret_string_wo_version: 1 });
    expect(version["secret_string"]).toBeUndefined();
    expect(group["auth_token"]).toBeUndefined();
    expect(group["auth_token_wo_version"]).toBe(1);
  });

  test("finding 8: the group takes its token from the secret, so a replaced group gets what the secret holds", () => {
    // A generator draws a new value in every run: a group created from it in a later run (a replacement) would
    // get a token the secret never stored.
    const reads = (s.json["ephemeral"] as Record<string, Record<string, Record<string, unknown>>>)[
      "aws_secretsmanager_secret_version"
    ];
    const [name, read] = Object.entries(reads ?? {})[0] ?? [];
    expect(group["auth_token_wo"]).toBe(
      `\${ephemeral.aws_secretsmanager_secret_version.${name}.secret_string}`,
    );
    const secret = resources(s, "aws_secretsmanager_secret")[0]?.name;
    const version = resources(s, "aws_secretsmanager_secret_version")[0]?.name;
    expect(read).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${secret}.arn}`,
      depends_on: [`aws_secretsmanager_secret_version.${version}`],
    });
  });

  test("used alone, makes a security group of its own that `allowConnectionsFrom` opens on the Redis port", () => {
    const stack2 = testStack();
    const alone = new RedisCache(stack2, "cache", { subnetIds: base.subnetIds, vpcId: "vpc-1" });
    alone.allowConnectionsFrom("sg-client");
    const s2 = synth(stack2);
    const own = only(s2, "aws_security_group");
    expect(own).toMatchObject({ vpc_id: "vpc-1", name: "ticketing-cache" });
    expect(only(s2, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      referenced_security_group_id: "sg-client",
      from_port: 6379,
      to_port: 6379,
    });
    const ownName = resources(s2, "aws_security_group")[0]?.name;
    expect(only(s2, "aws_elasticache_replication_group")["security_group_ids"]).toEqual([
      `\${aws_security_group.${ownName}.id}`,
    ]);
    expect(() => cache.allowConnectionsFrom("sg-x")).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });

  test("grants a role the AUTH token and names the metrics to watch", () => {
    const stack2 = testStack();
    const alone = new RedisCache(stack2, "cache", base);
    alone.grantReadAuthToken({ name: "other-team-role" });
    const s2 = synth(stack2);
    const policy = JSON.parse(String(only(s2, "aws_iam_role_policy")["policy"])) as {
      Statement: { Action: string[]; Resource: string }[];
    };
    expect(only(s2, "aws_iam_role_policy")["role"]).toBe("other-team-role");
    const secret = resources(s2, "aws_secretsmanager_secret")[0]?.name;
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: `\${aws_secretsmanager_secret.${secret}.arn}`,
      },
    ]);
    expect(alone.metricEngineCpu("ticketing-cache-001")).toEqual({
      namespace: "AWS/ElastiCache",
      metricName: "EngineCPUUtilization",
      dimensions: { CacheClusterId: "ticketing-cache-001" },
      statistic: "Maximum",
    });
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new RedisCache(stack2, "cache", {
      ...base,
      name: "shop",
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.t4g.micro",
      nodeCount: 3,
      multiAz: true,
      port: 6380,
      snapshotRetentionDays: 0,
      snapshotWindow: "01:00-02:00",
      maintenanceWindow: "mon:03:00-mon:04:00",
      authTokenVersion: 2,
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      secretRecoveryWindowDays: 0,
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    expect(only(s2, "aws_elasticache_replication_group")).toMatchObject({
      engine: "redis",
      num_cache_clusters: 3,
      port: 6380,
      auth_token_wo_version: 2,
      kms_key_id: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
    });
    expect(only(s2, "aws_elasticache_parameter_group")["family"]).toBe("redis7");
    expect(only(s2, "aws_secretsmanager_secret")).toMatchObject({
      name: "shop/redis/auth-token",
      recovery_window_in_days: 0,
    });
  });

  test("can run as a single node without Multi-AZ for development", () => {
    const stack2 = testStack();
    new RedisCache(stack2, "cache", { ...base, nodeCount: 1 });
    expect(only(synth(stack2), "aws_elasticache_replication_group")).toMatchObject({
      num_cache_clusters: 1,
      multi_az_enabled: false,
      automatic_failover_enabled: false,
    });
  });

  test.each([
    ["Multi-AZ with one node", { nodeCount: 1, multiAz: true }],
    ["an unknown engine", { engine: "memcached" }],
    ["a Redis 6 version", { engine: "redis", engineVersion: "6.2" }],
    ["36 snapshot days", { snapshotRetentionDays: 36 }],
    ["a short recovery window", { secretRecoveryWindowDays: 3 }],
    ["a bad node type", { nodeType: "r7g.large" }],
    ["neither security groups nor a VPC", { securityGroupIds: undefined }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new RedisCache(testStack(), "cache", { ...base, ...(props as object) })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
