import { backendFromEnv, TicketingStack } from "../../src/app/stacks.js";
import { synthFullStack, resources, testApp, TEST_CERTIFICATE_ARN } from "../helpers/synth.js";

const prod = synthFullStack("prod");
const dev = synthFullStack("dev");

describe("TicketingStack", () => {
  test.each([
    ["dev", dev],
    ["prod", prod],
  ])("the %s stack outputs the endpoints operators need", (_name, s) => {
    expect(Object.keys(s.json["output"] ?? {}).sort()).toEqual([
      "alb_dns_name",
      "db_endpoint",
      "db_reader_endpoint",
      "ecr_repository_url",
      "redis_endpoint",
    ]);
    const out = s.json["output"] as unknown as Record<string, { value: string }>;
    expect(out["alb_dns_name"]?.value).toMatch(/^\$\{aws_lb\.[^.]+\.dns_name\}$/);
    expect(out["db_endpoint"]?.value).toMatch(/^\$\{aws_rds_cluster\.[^.]+\.endpoint\}$/);
    expect(out["db_reader_endpoint"]?.value).toMatch(/^\$\{aws_rds_cluster\.[^.]+\.reader_endpoint\}$/);
    expect(out["redis_endpoint"]?.value).toMatch(/primary_endpoint_address\}$/);
    expect(out["ecr_repository_url"]?.value).toMatch(/^\$\{aws_ecr_repository\.[^.]+\.repository_url\}$/);
  });

  test("defaults to ap-northeast-2 with default tags naming the environment", () => {
    const provider = (prod.json["provider"] as unknown as { aws: Record<string, unknown>[] }).aws[0];
    expect(provider).toMatchObject({
      region: "ap-northeast-2",
      default_tags: [{ tags: { Project: "ticketing", Environment: "prod", ManagedBy: "cdktn" } }],
    });
  });

  test("keeps state in S3 with encryption and native lock files, one key per environment", () => {
    const terraform = prod.json["terraform"] as unknown as Record<string, unknown>;
    expect(terraform["backend"]).toEqual({
      s3: {
        bucket: "ticketing-tfstate-test",
        key: "ticketing/prod/terraform.tfstate",
        region: "ap-northeast-2",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect((dev.json["terraform"] as unknown as { backend: { s3: { key: string } } }).backend.s3.key).toBe(
      "ticketing/dev/terraform.tfstate",
    );
    expect(terraform["required_version"]).toBe(">= 1.11.0");
  });

  test("locks state with a DynamoDB table instead when one is configured", () => {
    const s = synthFullStack("dev", {
      region: "us-east-1",
      backend: { type: "s3", bucket: "b", region: "eu-west-1", keyPrefix: "team", dynamodbTable: "locks" },
    });
    const backend = (s.json["terraform"] as unknown as { backend: { s3: Record<string, unknown> } }).backend
      .s3;
    expect(backend).toMatchObject({
      bucket: "b",
      region: "eu-west-1",
      key: "team/dev/terraform.tfstate",
      dynamodb_table: "locks",
    });
    expect(backend["use_lockfile"]).toBe(false);
    const azs = resources(s, "aws_subnet").map((r) => r.config["availability_zone"]);
    expect(new Set(azs)).toEqual(new Set(["us-east-1a", "us-east-1c"]));
  });
});

describe("TicketingStack in prod", () => {
  const platform = { alarmEmails: ["oncall@example.com"], certificateArn: TEST_CERTIFICATE_ARN };

  test("finding 4: refuses local state unless the stack is an example", () => {
    expect(
      () => new TicketingStack(testApp(), "prod", { preset: "prod", backend: { type: "local" }, platform }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_PROP", prop: "backend" }));
    expect(
      () =>
        new TicketingStack(testApp(), "prod", {
          preset: "prod",
          backend: { type: "local" },
          example: true,
          platform,
        }),
    ).not.toThrow();
    expect(
      () => new TicketingStack(testApp(), "dev", { preset: "dev", backend: { type: "local" } }),
    ).not.toThrow();
  });
});

describe("backendFromEnv", () => {
  test.each([
    [{}, { type: "local" }],
    [{ TF_STATE_BUCKET: "b", TF_BACKEND: "local" }, { type: "local" }],
    [
      { TF_STATE_BUCKET: "b" },
      { type: "s3", bucket: "b", region: undefined, keyPrefix: undefined, dynamodbTable: undefined },
    ],
    [
      {
        TF_STATE_BUCKET: "b",
        TF_STATE_REGION: "us-east-1",
        TF_STATE_KEY_PREFIX: "p",
        TF_STATE_LOCK_TABLE: "t",
      },
      { type: "s3", bucket: "b", region: "us-east-1", keyPrefix: "p", dynamodbTable: "t" },
    ],
  ])("reads %j as %j", (env, expected) => {
    expect(backendFromEnv(env)).toEqual(expected);
  });
});
