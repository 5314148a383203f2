import { Construct } from "constructs";
import { EphemeralAwsSecretsmanagerRandomPassword } from "@cdktn/provider-aws/lib/ephemeral-aws-secretsmanager-random-password/index.js";
import { SecretsmanagerSecret } from "@cdktn/provider-aws/lib/secretsmanager-secret/index.js";
import { SecretsmanagerSecretVersion } from "@cdktn/provider-aws/lib/secretsmanager-secret-version/index.js";
import { InvalidPropError } from "../errors.js";
import { assertInt, assertMatches } from "../validate.js";

export interface GeneratedSecretProps {
  /** Secrets Manager name, e.g. "ticketing-prod/redis/auth-token". */
  readonly secretName: string;
  /** @default "" */
  readonly description?: string;
  /** @default 64 */
  readonly length?: number;
  /** Bump to generate and store a new value. @default 1 */
  readonly version?: number;
  /** @default the AWS-managed key aws/secretsmanager */
  readonly kmsKeyArn?: string;
  /** Days the secret can be restored after deletion; 0 deletes at once. @default 7 */
  readonly recoveryWindowDays?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Secrets Manager secret whose value Secrets Manager generates at apply time (an ephemeral
 * `aws_secretsmanager_random_password`) and which is stored through the write-only `secret_string_wo`: the value is
 * never in code, in the synthesized JSON or in the Terraform state. Needs Terraform or OpenTofu >= 1.11.
 */
export class GeneratedSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;
  /** The generated value, usable only in write-only arguments (`*_wo`) during the same run. */
  readonly ephemeralValue: string;
  readonly version: number;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    const path = this.node.path;
    assertMatches(
      path,
      "secretName",
      props.secretName,
      /^[A-Za-z0-9/_+=.@-]{1,512}$/,
      "a Secrets Manager name",
    );
    assertInt(path, "length", props.length, 16, 128);
    assertInt(path, "version", props.version, 1);
    const recovery = props.recoveryWindowDays ?? 7;
    if (!(recovery === 0 || (Number.isInteger(recovery) && recovery >= 7 && recovery <= 30))) {
      throw new InvalidPropError(
        path,
        "recoveryWindowDays",
        recovery,
        "must be 0 or an integer between 7 and 30",
      );
    }
    this.version = props.version ?? 1;
    const secret = new SecretsmanagerSecret(this, "secret", {
      name: props.secretName,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: recovery,
      tags: props.tags,
    });
    // Alphanumerics only: valid as an ElastiCache AUTH token (no @ " /) and safe unescaped in URLs and env files.
    const value = new EphemeralAwsSecretsmanagerRandomPassword(this, "value", {
      passwordLength: props.length ?? 64,
      excludePunctuation: true,
      includeSpace: false,
    });
    new SecretsmanagerSecretVersion(this, "version", {
      secretId: secret.id,
      secretStringWo: value.randomPassword,
      secretStringWoVersion: this.version,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
    this.ephemeralValue = value.randomPassword;
  }
}
