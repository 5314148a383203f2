import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktn/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsElbServiceAccount } from "@cdktn/provider-aws/lib/data-aws-elb-service-account/index.js";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktn/provider-aws/lib/data-aws-iam-policy-document/index.js";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket/index.js";
import { S3BucketLifecycleConfiguration } from "@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js";
import { S3BucketOwnershipControls } from "@cdktn/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktn/provider-aws/lib/s3-bucket-policy/index.js";
import { S3BucketPublicAccessBlock } from "@cdktn/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktn/provider-aws/lib/s3-bucket-versioning/index.js";
import { assertInt, assertMatches } from "../validate.js";

export interface SecureBucketProps {
  /** Bucket name prefix; Terraform appends a unique suffix. @default "ticketing-" */
  readonly bucketPrefix?: string;
  /** Let ALB access logs be delivered under this key prefix; `undefined` grants nothing. @default undefined */
  readonly albLogPrefix?: string;
  /** Expire current objects after this many days (0 keeps them). @default 90 */
  readonly expireAfterDays?: number;
  /** Expire non-current versions after this many days. @default 30 */
  readonly noncurrentVersionExpireAfterDays?: number;
  /** Allow `terraform destroy` to delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * S3 bucket for ALB access logs and artifacts: SSE-S3 encryption (the only kind ALB log delivery supports),
 * versioning, all public access blocked, owner-enforced ACLs and a policy that denies any non-TLS request.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket policy resource; depend on it before enabling ALB access logs. */
  readonly policy: S3BucketPolicy;
  readonly albLogPrefix: string | undefined;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    const path = this.node.path;
    assertMatches(
      path,
      "bucketPrefix",
      props.bucketPrefix,
      /^[a-z0-9][a-z0-9.-]{0,35}$/,
      "lower-case, at most 36 characters",
    );
    assertMatches(
      path,
      "albLogPrefix",
      props.albLogPrefix,
      /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
      "a key prefix without leading or trailing /",
    );
    assertInt(path, "expireAfterDays", props.expireAfterDays, 0);
    assertInt(path, "noncurrentVersionExpireAfterDays", props.noncurrentVersionExpireAfterDays, 1);

    this.bucket = new S3Bucket(this, "bucket", {
      bucketPrefix: props.bucketPrefix ?? "ticketing-",
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.albLogPrefix = props.albLogPrefix;

    new S3BucketVersioning(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const expire = props.expireAfterDays ?? 90;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: expire > 0 ? [{ days: expire }] : undefined,
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpireAfterDays ?? 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ];
    if (props.albLogPrefix !== undefined) {
      const account = new DataAwsCallerIdentity(this, "account");
      const elb = new DataAwsElbServiceAccount(this, "elb-account");
      const logs = `${this.bucket.arn}/${props.albLogPrefix}/AWSLogs/${account.accountId}/*`;
      // Regions opened before 2022-08 deliver as the regional ELB account, newer ones as the log-delivery service.
      statements.push(
        {
          sid: "AlbLogDeliveryAccount",
          effect: "Allow",
          actions: ["s3:PutObject"],
          resources: [logs],
          principals: [{ type: "AWS", identifiers: [elb.arn] }],
        },
        {
          sid: "AlbLogDeliveryService",
          effect: "Allow",
          actions: ["s3:PutObject"],
          resources: [logs],
          principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
        },
      );
    }
    const document = new DataAwsIamPolicyDocument(this, "policy-document", { statement: statements });
    this.policy = new S3BucketPolicy(this, "policy", { bucket: this.bucket.id, policy: document.json });
  }
}
