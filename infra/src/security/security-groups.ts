import { Construct } from "constructs";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group/index.js";
import { VpcSecurityGroupEgressRule } from "@cdktn/provider-aws/lib/vpc-security-group-egress-rule/index.js";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule/index.js";
import { InvalidPropError } from "../errors.js";
import { nameTags } from "../tags.js";
import {
  assertMatches,
  assertNonEmpty,
  assertPort,
  isUnresolved,
  NAME_PATTERN,
  parseCidr,
} from "../validate.js";

export interface SecurityGroupsProps {
  readonly vpcId: string;
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Port the app listens on behind the ALB. @default 8080 */
  readonly appPort?: number;
  /** @default 3306 */
  readonly databasePort?: number;
  /** @default 6379 */
  readonly redisPort?: number;
  /** IPv4 ranges allowed to reach the ALB on 80/443. @default ["0.0.0.0/0"] */
  readonly albIngressCidrs?: readonly string[];
  /** IPv6 ranges allowed to reach the ALB on 80/443 (only for a dual-stack ALB). @default [] */
  readonly albIngressIpv6Cidrs?: readonly string[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The four security groups of the platform, chained: internet → ALB (80/443) → app (appPort) → database (3306) and
 * Redis (6379). Terraform removes AWS's default allow-all egress rule, so each group only has the rules below.
 */
export class SecurityGroups extends Construct {
  readonly albSecurityGroupId: string;
  readonly appSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly redisSecurityGroupId: string;
  readonly appPort: number;
  readonly databasePort: number;
  readonly redisPort: number;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    assertNonEmpty(path, "vpcId", props.vpcId);
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertPort(path, "appPort", props.appPort);
    assertPort(path, "databasePort", props.databasePort);
    assertPort(path, "redisPort", props.redisPort);
    const cidrs = props.albIngressCidrs ?? ["0.0.0.0/0"];
    cidrs.forEach((c, i) => isUnresolved(c) || parseCidr(path, `albIngressCidrs[${i}]`, c));
    const ipv6 = props.albIngressIpv6Cidrs ?? [];
    ipv6.forEach((c, i) => {
      if (!isUnresolved(c) && !/^[0-9a-f:]+\/\d{1,3}$/i.test(c)) {
        throw new InvalidPropError(
          path,
          `albIngressIpv6Cidrs[${i}]`,
          c,
          "is not an IPv6 CIDR block like ::/0",
        );
      }
    });
    this.appPort = props.appPort ?? 8080;
    this.databasePort = props.databasePort ?? 3306;
    this.redisPort = props.redisPort ?? 6379;

    const group = (key: string, description: string): SecurityGroup =>
      new SecurityGroup(this, key, {
        name: `${name}-${key}`,
        description,
        vpcId: props.vpcId,
        tags: nameTags(`${name}-${key}`, props.tags),
      });
    const alb = group("alb", "Load balancer: HTTP/HTTPS from the allowed ranges");
    const app = group("app", "App instances: app port from the load balancer only");
    const db = group("database", "Aurora: MySQL from the app instances only");
    const redis = group("redis", "ElastiCache: Redis from the app instances only");

    const ingress = (
      key: string,
      groupId: string,
      port: number,
      from: { cidr?: string; ipv6?: string; sg?: string },
      description: string,
    ) =>
      new VpcSecurityGroupIngressRule(this, key, {
        securityGroupId: groupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: from.cidr,
        cidrIpv6: from.ipv6,
        referencedSecurityGroupId: from.sg,
        description,
      });
    const egress = (
      key: string,
      groupId: string,
      port: number,
      to: { cidr?: string; sg?: string },
      description: string,
    ) =>
      new VpcSecurityGroupEgressRule(this, key, {
        securityGroupId: groupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: to.cidr,
        referencedSecurityGroupId: to.sg,
        description,
      });

    for (const port of [80, 443]) {
      cidrs.forEach((cidr, i) =>
        ingress(`alb-in-${port}-${i}`, alb.id, port, { cidr }, `HTTP${port === 443 ? "S" : ""} from ${cidr}`),
      );
      ipv6.forEach((c, i) =>
        ingress(
          `alb-in6-${port}-${i}`,
          alb.id,
          port,
          { ipv6: c },
          `HTTP${port === 443 ? "S" : ""} from ${c}`,
        ),
      );
    }
    egress("alb-out-app", alb.id, this.appPort, { sg: app.id }, "Forward to app instances");
    ingress(
      "app-in-alb",
      app.id,
      this.appPort,
      { sg: alb.id },
      "Traffic and health checks from the load balancer",
    );
    // HTTPS out is what the instances need: ECR, SSM, Secrets Manager, CloudWatch and the OS package mirrors.
    egress("app-out-https", app.id, 443, { cidr: "0.0.0.0/0" }, "HTTPS to AWS APIs and package mirrors");
    egress("app-out-db", app.id, this.databasePort, { sg: db.id }, "MySQL to Aurora");
    egress("app-out-redis", app.id, this.redisPort, { sg: redis.id }, "Redis to ElastiCache");
    ingress("database-in-app", db.id, this.databasePort, { sg: app.id }, "MySQL from app instances");
    ingress("redis-in-app", redis.id, this.redisPort, { sg: app.id }, "Redis from app instances");

    this.albSecurityGroupId = alb.id;
    this.appSecurityGroupId = app.id;
    this.databaseSecurityGroupId = db.id;
    this.redisSecurityGroupId = redis.id;
  }
}
