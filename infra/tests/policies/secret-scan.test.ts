import { ElasticacheReplicationGroup } from "@cdktn/provider-aws/lib/elasticache-replication-group/index.js";
import { RdsCluster } from "@cdktn/provider-aws/lib/rds-cluster/index.js";
import { secretLiterals } from "../helpers/secret-scan.js";
import { synth, testStack } from "../helpers/synth.js";

describe("secretLiterals", () => {
  test("flags passwords, tokens and write-only values that do not come from an ephemeral resource", () => {
    const stack = testStack();
    new RdsCluster(stack, "db", {
      engine: "aurora-mysql",
      masterUsername: "admin",
      masterPassword: "hunter2-hunter2",
    });
    new ElasticacheReplicationGroup(stack, "cache", {
      replicationGroupId: "c",
      description: "c",
      authTokenWo: "0123456789abcdef0123",
      authTokenWoVersion: 1,
    });
    const findings = secretLiterals(synth(stack).json);
    expect(findings).toEqual([
      "resource.aws_elasticache_replication_group.cache.auth_token_wo is not ephemeral",
      'resource.aws_rds_cluster.db.master_password="hunter2-hunter2"',
    ]);
  });
});
