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

  test("sets the AUTH token and its secret from one ephemeral Secrets Manager password, write-only", () => {
    const ephemeral = Object.keys(
      (s.json["ephemeral"] as Record<string, object>)["aws_secretsmanager_random_password"] ?? {},
    );
    expect(ephemeral).toHaveLength(1);
    const value = `\${ephemeral.aws_secretsmanager_random_password.${ephemeral[0]}.random_password}`;
    expect(group["auth_token_wo"]).toBe(value);
    expect(group["auth_token"]).toBeUndefined();
    const version = only(s, "aws_secretsmanager_secret_version");
    expect(version).toMatchObject({ secret_string_wo: value, secret_string_wo_version: 1 });
    expect(version["secret_string"]).toBeUndefined();
    expect(group["auth_token_wo_version"]).toBe(1);
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
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new RedisCache(testStack(), "cache", { ...base, ...(props as object) })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
