import { SecureBucket } from "../../src/storage/secure-bucket.js";
import { dataSources, only, synth, testStack } from "../helpers/synth.js";

type Statement = {
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: unknown[];
  condition?: unknown[];
};

describe("SecureBucket", () => {
  test("with minimal props is encrypted, versioned, private and denies plain HTTP", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "bucket");
    const s = synth(stack);
    expect(only(s, "aws_s3_bucket")).toMatchObject({ bucket_prefix: "ticketing-", force_destroy: false });
    expect(only(s, "aws_s3_bucket_server_side_encryption_configuration")["rule"]).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(only(s, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
    expect(only(s, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(s, "aws_s3_bucket_ownership_controls")["rule"]).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
    const doc = dataSources(s, "aws_iam_policy_document")[0]?.config as { statement: Statement[] };
    expect(doc.statement).toHaveLength(1);
    expect(doc.statement[0]).toMatchObject({
      sid: "DenyInsecureTransport",
      effect: "Deny",
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect(only(s, "aws_s3_bucket_policy")["policy"]).toMatch(
      /^\$\{data\.aws_iam_policy_document\..+\.json\}$/,
    );
    expect(bucket.albLogPrefix).toBeUndefined();
  });

  test("lets the regional ELB account and the log-delivery service write ALB logs under the prefix only", () => {
    const stack = testStack();
    new SecureBucket(stack, "bucket", {
      albLogPrefix: "alb",
      bucketPrefix: "shop-logs-",
      expireAfterDays: 0,
      noncurrentVersionExpireAfterDays: 7,
      forceDestroy: true,
    });
    const s = synth(stack);
    const doc = dataSources(s, "aws_iam_policy_document")[0]?.config as { statement: Statement[] };
    const writers = doc.statement.filter((st) => st.effect === "Allow");
    expect(writers.map((w) => w.sid)).toEqual(["AlbLogDeliveryAccount", "AlbLogDeliveryService"]);
    for (const w of writers) {
      expect(w.actions).toEqual(["s3:PutObject"]);
      expect(w.resources[0]).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/\*$/);
    }
    expect(dataSources(s, "aws_elb_service_account")).toHaveLength(1);
    const rule = (only(s, "aws_s3_bucket_lifecycle_configuration")["rule"] as Record<string, unknown>[])[0];
    expect(rule?.["expiration"]).toBeUndefined();
    expect(rule?.["noncurrent_version_expiration"]).toEqual([{ noncurrent_days: 7 }]);
  });

  test.each([
    ["an upper-case prefix", { bucketPrefix: "Logs-" }],
    ["a log prefix with a leading slash", { albLogPrefix: "/alb" }],
    ["negative expiry", { expireAfterDays: -1 }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new SecureBucket(testStack(), "bucket", props)).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
