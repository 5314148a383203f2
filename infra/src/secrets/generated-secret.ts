import { Fn } from "cdktn";
import { Construct } from "constructs";
import { EphemeralAwsSecretsmanagerRandomPassword } from "@cdktn/provider-aws/lib/ephemeral-aws-secretsmanager-random-password/index.js";
import { EphemeralAwsSecretsmanagerSecretVersion } from "@cdktn/provider-aws/lib/ephemeral-aws-secretsmanager-secret-version/index.js";
import { SecretsmanagerSecret } from "@cdktn/provider-aws/lib/secretsmanager-secret/index.js";
import { SecretsmanagerSecretVersion } from "@cdktn/provider-aws/lib/secretsmanager-secret-version/index.js";
import { InvalidPropError } from "../errors.js";
import { grant, type GrantableRole } from "../iam/grant.js";
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
  /** Days the secret can be restored after deletion; 0 deletes at once (a stack can be recreated at once). @default 7 */
  readonly recoveryWindowDays?: number;
  /**
   * Store JSON instead of the bare value: `fields` with the generated value under `generatedKey`, e.g.
   * `{ generatedKey: "password", fields: { username: "ticketing_app" } }` for database credentials in the RDS format.
   * @default the bare generated value
   */
  readonly json?: { readonly generatedKey: string; readonly fields?: Readonly<Record<string, string>> };
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
  /** The version resource that writes the value: depend on it to run after the secret holds its value. */
  readonly secretVersion: SecretsmanagerSecretVersion;
  private readonly kmsKeyArn: string | undefined;
  private current: EphemeralAwsSecretsmanagerSecretVersion | undefined;
  private grants = 0;

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
    if (props.json && Object.hasOwn(props.json.fields ?? {}, props.json.generatedKey)) {
      throw new InvalidPropError(
        path,
        "json.fields",
        props.json.fields,
        `must not set ${props.json.generatedKey}`,
      );
    }
    this.secretVersion = new SecretsmanagerSecretVersion(this, "version", {
      secretId: secret.id,
      secretStringWo: props.json
        ? Fn.jsonencode({ ...props.json.fields, [props.json.generatedKey]: value.randomPassword })
        : value.randomPassword,
      secretStringWoVersion: this.version,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
    this.ephemeralValue = value.randomPassword;
    this.kmsKeyArn = props.kmsKeyArn;
  }

  /**
   * The secret's current value, read from Secrets Manager during the run (usable only in write-only arguments). Unlike
   * `ephemeralValue`, which is a new random value in every run, it stays what the secret holds: a resource that is
   * replaced later gets the same value the secret has.
   */
  get currentValue(): string {
    this.current ??= new EphemeralAwsSecretsmanagerSecretVersion(this, "current", {
      secretId: this.secretArn,
      dependsOn: [this.secretVersion],
    });
    return this.current.secretString;
  }

  /** Lets `role` read the secret's value (and decrypt it, with a customer-managed key). */
  grantRead(role: GrantableRole): void {
    grant(this, `grant-read-${this.grants++}`, role, `read-secret-${this.node.addr.slice(0, 16)}`, [
      { actions: ["secretsmanager:GetSecretValue"], resources: [this.secretArn] },
      ...(this.kmsKeyArn ? [{ actions: ["kms:Decrypt"], resources: [this.kmsKeyArn] }] : []),
    ]);
  }
}
