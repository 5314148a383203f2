import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktn";
import { type Construct } from "constructs";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider/index.js";
import { InvalidPropError } from "../errors.js";
import { TicketingPlatform, type TicketingPlatformProps } from "../platform/ticketing-platform.js";
import { type PresetName } from "../presets.js";
import { REQUIRED_TERRAFORM_VERSION, TERRAFORM_TARGET_VERSIONS } from "../versions.js";

/** Where Terraform keeps state: an S3 bucket with native lock files (or a DynamoDB table), or a local file. */
export type StateBackend =
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly region?: string;
      readonly keyPrefix?: string;
      readonly dynamodbTable?: string;
    }
  | { readonly type: "local" };

export interface TicketingStackProps {
  readonly preset: PresetName;
  /** @default "ap-northeast-2" */
  readonly region?: string;
  /** Remote (S3) state for prod: a local state file is refused there unless `example`. */
  readonly backend: StateBackend;
  /** Synthesized to be read, not deployed (see `TicketingPlatformProps.example`). @default false */
  readonly example?: boolean;
  /** Everything else `TicketingPlatform` accepts. @default {} */
  readonly platform?: Omit<TicketingPlatformProps, "preset" | "example">;
}

/** One deployable environment: AWS provider with default tags, state backend, the platform and its outputs. */
export class TicketingStack extends TerraformStack {
  readonly platform: TicketingPlatform;

  constructor(scope: Construct, id: string, props: TicketingStackProps) {
    super(scope, id);
    if (this.node.tryGetContext("targetVersions") === undefined) {
      this.node.setContext("targetVersions", TERRAFORM_TARGET_VERSIONS);
    }
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    const region = props.region ?? "ap-northeast-2";
    new AwsProvider(this, "aws", {
      region,
      defaultTags: [{ tags: { Project: "ticketing", Environment: props.preset, ManagedBy: "cdktn" } }],
    });
    if (props.backend.type === "s3") {
      new S3Backend(this, {
        bucket: props.backend.bucket,
        key: `${props.backend.keyPrefix ?? "ticketing"}/${id}/terraform.tfstate`,
        region: props.backend.region ?? region,
        encrypt: true,
        // S3-native lock files (Terraform >= 1.10) unless a DynamoDB lock table is configured.
        useLockfile: props.backend.dynamodbTable === undefined,
        dynamodbTable: props.backend.dynamodbTable,
      });
    } else {
      if (props.preset === "prod" && !props.example) {
        // A laptop's state file holds the only record of what prod is made of and has no lock.
        throw new InvalidPropError(
          this.node.path,
          "backend",
          props.backend,
          "must be S3 for prod (set TF_STATE_BUCKET); mark a stack that is not deployed with example: true",
        );
      }
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }
    this.platform = new TicketingPlatform(this, "platform", {
      availabilityZones: [`${region}a`, `${region}c`],
      ...props.platform,
      preset: props.preset,
      example: props.example,
    });
    const p = this.platform;
    const outputs: Record<string, { value: string; description: string }> = {
      alb_dns_name: { value: p.loadBalancer.dnsName, description: "Public DNS name of the load balancer" },
      db_endpoint: { value: p.database.endpoint, description: "Aurora writer (cluster) endpoint" },
      db_reader_endpoint: { value: p.database.readerEndpoint, description: "Aurora reader endpoint" },
      redis_endpoint: {
        value: p.cache.primaryEndpoint,
        description: "ElastiCache primary endpoint (TLS, AUTH)",
      },
      ecr_repository_url: { value: p.registry.repositoryUrl, description: "Push the app image here" },
    };
    for (const [key, output] of Object.entries(outputs)) {
      new TerraformOutput(this, key, output).overrideLogicalId(key);
    }
  }
}

/** Reads the backend from the environment: `TF_STATE_BUCKET` (+ `TF_STATE_REGION`, `TF_STATE_LOCK_TABLE`) or local. */
export function backendFromEnv(env: Readonly<Record<string, string | undefined>>): StateBackend {
  const bucket = env["TF_STATE_BUCKET"];
  if (!bucket || env["TF_BACKEND"] === "local") return { type: "local" };
  return {
    type: "s3",
    bucket,
    region: env["TF_STATE_REGION"] || undefined,
    keyPrefix: env["TF_STATE_KEY_PREFIX"] || undefined,
    dynamodbTable: env["TF_STATE_LOCK_TABLE"] || undefined,
  };
}
