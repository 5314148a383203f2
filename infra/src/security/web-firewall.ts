import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktn/provider-aws/lib/cloudwatch-log-group/index.js";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { Wafv2WebAcl } from "@cdktn/provider-aws/lib/wafv2-web-acl/index.js";
import { Wafv2WebAclAssociation } from "@cdktn/provider-aws/lib/wafv2-web-acl-association/index.js";
import { Wafv2WebAclLoggingConfiguration } from "@cdktn/provider-aws/lib/wafv2-web-acl-logging-configuration/index.js";
import { metric, type MetricSpec } from "../monitoring/metric.js";
import { assertInt, assertMatches, NAME_PATTERN } from "../validate.js";

export interface WebFirewallProps {
  /** ARN of the load balancer to protect. */
  readonly resourceArn: string;
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** Requests one IP may make in 5 minutes before it is blocked for a while. @default 6000 (20 per second) */
  readonly requestsPerIpPer5Minutes?: number;
  /** POST /api/reservations one IP may make in 5 minutes (scalper scripts). @default 600 (2 per second) */
  readonly reservationsPerIpPer5Minutes?: number;
  /**
   * Block requests from hosting providers and public clouds (where scalper bots run; buyers use home and mobile
   * networks). VPNs and Tor are only counted. @default true
   */
  readonly blockHostingProviders?: boolean;
  /** Days WAF logs are kept (Authorization headers redacted). @default 30 */
  readonly logRetentionDays?: number;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** Statements are free-form JSON in the provider's bindings, in Terraform's own (snake_case) names. */
const managed = (name: string, overrides: readonly { rule: string; action: "count" }[] = []) => ({
  managed_rule_group_statement: {
    name,
    vendor_name: "AWS",
    ...(overrides.length
      ? { rule_action_override: overrides.map((o) => ({ name: o.rule, action_to_use: { [o.action]: {} } })) }
      : {}),
  },
});

const matches = (field: Record<string, unknown>, search: string, constraint: "STARTS_WITH" | "EXACTLY") => ({
  byte_match_statement: {
    search_string: search,
    positional_constraint: constraint,
    field_to_match: field,
    text_transformation: [{ priority: 0, type: "NONE" }],
  },
});

/**
 * A regional WAFv2 web ACL on the load balancer: AWS's IP reputation, anonymous-IP, common and known-bad-inputs rule
 * groups, a per-IP rate limit on all requests and a tighter one on POST /api/reservations, with the requests a rule
 * blocked or counted logged (Authorization redacted) to CloudWatch Logs.
 */
export class WebFirewall extends Construct {
  readonly webAclArn: string;
  readonly webAclName: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    // WAF's own bounds for a rate-based rule.
    assertInt(path, "requestsPerIpPer5Minutes", props.requestsPerIpPer5Minutes, 10, 2_000_000_000);
    assertInt(path, "reservationsPerIpPer5Minutes", props.reservationsPerIpPer5Minutes, 10, 2_000_000_000);
    assertInt(path, "logRetentionDays", props.logRetentionDays, 1, 3653);
    const hosting = props.blockHostingProviders ?? true;
    const rule = (priority: number, ruleName: string, statement: unknown, kind: "managed" | "block") => ({
      name: ruleName,
      priority,
      statement,
      ...(kind === "managed" ? { overrideAction: { none: {} } } : { action: { block: {} } }),
      visibilityConfig: visibility(`${name}-${ruleName}`),
    });
    const acl = new Wafv2WebAcl(this, "acl", {
      name: `${name}-web`,
      description: `${name}: managed protections and per-IP rate limits in front of the load balancer`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: [
        rule(10, "ip-reputation", managed("AWSManagedRulesAmazonIpReputationList"), "managed"),
        rule(
          20,
          "anonymous-ip",
          managed("AWSManagedRulesAnonymousIpList", [
            { rule: "AnonymousIPList", action: "count" },
            ...(hosting ? [] : [{ rule: "HostingProviderIPList", action: "count" as const }]),
          ]),
          "managed",
        ),
        rule(
          30,
          "reservations-per-ip",
          {
            rate_based_statement: {
              limit: props.reservationsPerIpPer5Minutes ?? 600,
              aggregate_key_type: "IP",
              evaluation_window_sec: 300,
              scope_down_statement: {
                and_statement: {
                  statement: [
                    matches({ uri_path: {} }, "/api/reservations", "STARTS_WITH"),
                    matches({ method: {} }, "POST", "EXACTLY"),
                  ],
                },
              },
            },
          },
          "block",
        ),
        rule(
          40,
          "requests-per-ip",
          {
            rate_based_statement: {
              limit: props.requestsPerIpPer5Minutes ?? 6000,
              aggregate_key_type: "IP",
              evaluation_window_sec: 300,
            },
          },
          "block",
        ),
        rule(50, "common", managed("AWSManagedRulesCommonRuleSet"), "managed"),
        rule(60, "known-bad-inputs", managed("AWSManagedRulesKnownBadInputsRuleSet"), "managed"),
      ],
      visibilityConfig: visibility(`${name}-web`),
      tags: props.tags,
    });
    new Wafv2WebAclAssociation(this, "association", {
      resourceArn: props.resourceArn,
      webAclArn: acl.arn,
    });
    const logs = new CloudwatchLogGroup(this, "logs", {
      // WAF delivers only to log groups whose name starts with aws-waf-logs-.
      name: `aws-waf-logs-${name}`,
      retentionInDays: props.logRetentionDays ?? 30,
      tags: props.tags,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }],
      // Only what a rule blocked or counted: logging every request of a sale would cost more than the ACL.
      loggingFilter: {
        defaultBehavior: "DROP",
        filter: [
          {
            behavior: "KEEP",
            requirement: "MEETS_ANY",
            condition: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }],
          },
        ],
      },
    });
    this.webAclArn = acl.arn;
    this.webAclName = acl.name;
    this.region = new DataAwsRegion(this, "region").region;
  }

  /** Requests a rule (or, with "ALL", the whole ACL) blocked. */
  metricBlockedRequests(rule = "ALL"): MetricSpec {
    return metric(
      "AWS/WAFV2",
      "BlockedRequests",
      { WebACL: this.webAclName, Rule: rule, Region: this.region },
      "Sum",
    );
  }
}
