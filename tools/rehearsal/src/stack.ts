import { randomInt } from "node:crypto";
import { RehearsalError } from "./errors.ts";
import { evaluateTemplate, type ReferenceResolver, type Traversal } from "./terraform-expression.ts";

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized stack (`cdktf.out/stacks/<name>/cdk.tf.json`), as far as the rehearsal reads it. */
export interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly ephemeral?: Blocks;
}

/** Where the AWS resources of one prod instance's world live on this machine. */
export interface LocalWorld {
  readonly region: string;
  readonly accountId: string;
  /** Host name the database and Redis certificates are issued for. */
  readonly host: string;
  readonly databasePort: number;
  readonly redisPort: number;
}

/** A Provisioner `local-exec` that runs at apply time, with its environment resolved. */
export interface LocalExec {
  readonly resource: string;
  readonly command: string;
  readonly interpreter: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
}

function blocks(stack: StackJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

function only(stack: StackJson, type: string): [string, Record<string, unknown>] {
  const all = blocks(stack, type);
  if (all.length !== 1)
    throw new RehearsalError(
      "E_STACK_SHAPE",
      `expected exactly one ${type} in the stack, found ${all.length}`,
    );
  return all[0] as [string, Record<string, unknown>];
}

/**
 * Answers the references the instance's boot path uses with the local world: the database and Redis endpoints are
 * this machine's servers, ARNs and URLs are built the way AWS builds them, and any other attribute that the stack
 * sets literally (a log group's `name`) is read from the stack. A reference it cannot answer is an error, so a new
 * dependency of the boot path is noticed rather than guessed.
 */
export function localResolver(stack: StackJson, world: LocalWorld): ReferenceResolver {
  const account = `${world.region}:${world.accountId}`;
  const generated = new Map<string, string>();
  const resolve: ReferenceResolver = (traversal) => {
    const [first, ...rest] = traversal;
    if (first === "data") return dataSource(rest);
    if (first === "ephemeral") return ephemeral(rest);
    const [name, ...path] = rest;
    const config = stack.resource?.[String(first)]?.[String(name)];
    if (config === undefined) throw unresolved(traversal, "no such resource in the stack");
    const literal = (key: string) => {
      const value = config[key];
      if (typeof value !== "string") throw unresolved(traversal, `the stack does not set ${key}`);
      return evaluateTemplate(value, resolve);
    };
    const key = path.join(".");
    switch (`${String(first)}.${key}`) {
      case "aws_rds_cluster.endpoint":
      case "aws_rds_cluster.reader_endpoint":
      case "aws_elasticache_replication_group.primary_endpoint_address":
      case "aws_elasticache_replication_group.reader_endpoint_address":
        return world.host;
      case "aws_rds_cluster.port":
        return String(world.databasePort);
      case "aws_elasticache_replication_group.port":
        return String(world.redisPort);
      case "aws_rds_cluster.arn":
        return `arn:aws:rds:${account}:cluster:${literal("cluster_identifier")}`;
      case "aws_rds_cluster.master_user_secret.0.secret_arn":
        return `arn:aws:secretsmanager:${account}:secret:rds!cluster-${literal("cluster_identifier")}`;
      case "aws_secretsmanager_secret.arn":
      case "aws_secretsmanager_secret.id":
        return `arn:aws:secretsmanager:${account}:secret:${literal("name")}`;
      case "aws_ecr_repository.repository_url":
        return `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/${literal("name")}`;
      case "aws_sqs_queue.url":
        return `https://sqs.${world.region}.amazonaws.com/${world.accountId}/${literal("name")}`;
      case "aws_sqs_queue.arn":
        return `arn:aws:sqs:${account}:${literal("name")}`;
      case "aws_sns_topic.arn":
        return `arn:aws:sns:${account}:${literal("name")}`;
      default:
        if (path.length === 1) return literal(String(path[0]));
        throw unresolved(traversal, "the rehearsal has no local value for it");
    }
  };
  // What Secrets Manager's GetRandomPassword returns at apply time: one value per ephemeral resource and run; and
  // what a secret holds, for an ephemeral read of it.
  const ephemeral = (rest: Traversal): string => {
    const [type, name, attribute] = rest;
    const config = stack.ephemeral?.[String(type)]?.[String(name)];
    if (type === "aws_secretsmanager_secret_version" && attribute === "secret_string" && config) {
      const arn = evaluateTemplate(String(config["secret_id"]), resolve);
      const value = secretValues(stack, resolve).get(arn);
      if (value === undefined)
        throw unresolved(["ephemeral", ...rest], `the stack writes no value to ${arn}`);
      return value;
    }
    if (type !== "aws_secretsmanager_random_password" || attribute !== "random_password" || !config)
      throw unresolved(
        ["ephemeral", ...rest],
        "the rehearsal answers only random passwords and reads of secrets",
      );
    const key = String(name);
    if (!generated.has(key)) generated.set(key, randomPassword(Number(config["password_length"] ?? 32)));
    return generated.get(key) as string;
  };
  const dataSource = (rest: Traversal): string => {
    const [type, , attribute] = rest;
    const key = `${String(type)}.${String(attribute)}`;
    if (key === "aws_region.region" || key === "aws_region.name") return world.region;
    if (key === "aws_caller_identity.account_id") return world.accountId;
    if (key === "aws_partition.partition") return "aws";
    throw unresolved(["data", ...rest], "the rehearsal has no local value for it");
  };
  return resolve;
}

function unresolved(traversal: Traversal, why: string): RehearsalError {
  return new RehearsalError(
    "E_UNRESOLVED_REFERENCE",
    `cannot answer \${${traversal.map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".")}}: ${why}`,
  );
}

/** The launch template's user data as the instance receives it (decoded). */
export function userData(stack: StackJson, resolve: ReferenceResolver): string {
  const [, template] = only(stack, "aws_launch_template");
  const encoded = template["user_data"];
  if (typeof encoded !== "string")
    throw new RehearsalError("E_STACK_SHAPE", "the launch template has no user_data");
  return Buffer.from(evaluateTemplate(encoded, resolve), "base64").toString("utf8");
}

/** Every SSM parameter of the stack: name and value as `aws ssm get-parameters-by-path` would return them. */
export function ssmParameters(
  stack: StackJson,
  resolve: ReferenceResolver,
): { Name: string; Value: string; Type: string }[] {
  return blocks(stack, "aws_ssm_parameter").map(([, config]) => ({
    Name: evaluateTemplate(String(config["name"]), resolve),
    Value: evaluateTemplate(String(config["value"]), resolve),
    Type: String(config["type"] ?? "String"),
  }));
}

/** The ARN and name of every Secrets Manager secret the stack creates. */
export function secrets(stack: StackJson, resolve: ReferenceResolver): { arn: string; name: string }[] {
  return blocks(stack, "aws_secretsmanager_secret").map(([logical, config]) => ({
    arn: resolve(["aws_secretsmanager_secret", logical, "arn"]),
    name: evaluateTemplate(String(config["name"]), resolve),
  }));
}

/** The `local-exec` provisioners of the stack's `terraform_data` resources, which run on the operator's machine. */
export function localExecs(stack: StackJson, resolve: ReferenceResolver): LocalExec[] {
  return blocks(stack, "terraform_data").flatMap(([logical, config]) =>
    ((config["provisioner"] as { "local-exec"?: Record<string, unknown> }[] | undefined) ?? []).flatMap(
      (provisioner) => {
        const exec = provisioner["local-exec"];
        if (!exec) return [];
        const environment = (exec["environment"] ?? {}) as Record<string, string>;
        return [
          {
            resource: `terraform_data.${logical}`,
            command: evaluateTemplate(String(exec["command"]), resolve),
            interpreter: ((exec["interpreter"] as string[] | undefined) ?? ["/bin/sh", "-c"]).map((part) =>
              evaluateTemplate(part, resolve),
            ),
            environment: Object.fromEntries(
              Object.entries(environment).map(([key, value]) => [key, evaluateTemplate(value, resolve)]),
            ),
          },
        ];
      },
    ),
  );
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random password of letters and digits, as the stack's random passwords are (no punctuation). */
export function randomPassword(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

/** The value each secret gets at apply time: its write-only `secret_string_wo` (or `secret_string`), evaluated. */
export function secretValues(stack: StackJson, resolve: ReferenceResolver): Map<string, string> {
  const values = new Map<string, string>();
  for (const [, config] of blocks(stack, "aws_secretsmanager_secret_version")) {
    const arn = evaluateTemplate(String(config["secret_id"]), resolve);
    const value = config["secret_string_wo"] ?? config["secret_string"];
    if (typeof value === "string") values.set(arn, evaluateTemplate(value, resolve));
  }
  return values;
}

/** The AUTH token the replication group is created with. */
export function redisAuthToken(stack: StackJson, resolve: ReferenceResolver): string {
  const [, group] = only(stack, "aws_elasticache_replication_group");
  const token = group["auth_token_wo"] ?? group["auth_token"];
  if (typeof token !== "string")
    throw new RehearsalError("E_STACK_SHAPE", "the replication group sets no AUTH token");
  return evaluateTemplate(token, resolve);
}

/** The Aurora cluster's master user and initial database, which RDS creates with the cluster. */
export function databaseCluster(
  stack: StackJson,
  resolve: ReferenceResolver,
): { logical: string; masterUsername: string; databaseName: string; masterSecretArn: string } {
  const [logical, cluster] = only(stack, "aws_rds_cluster");
  return {
    logical,
    masterUsername: evaluateTemplate(String(cluster["master_username"]), resolve),
    databaseName: evaluateTemplate(String(cluster["database_name"]), resolve),
    masterSecretArn: resolve(["aws_rds_cluster", logical, "master_user_secret", 0, "secret_arn"]),
  };
}
