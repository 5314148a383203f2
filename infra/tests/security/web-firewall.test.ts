import { WebFirewall } from "../../src/security/web-firewall.js";
import { only, resources, synth, testStack } from "../helpers/synth.js";

const base = {
  resourceArn: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/alb/1",
};

type Rule = {
  name: string;
  priority: number;
  action?: unknown;
  override_action?: unknown;
  statement: Record<string, Record<string, unknown>>;
};

describe("WebFirewall", () => {
  const stack = testStack();
  const firewall = new WebFirewall(stack, "waf", base);
  const s = synth(stack);
  const acl = only(s, "aws_wafv2_web_acl");
  const rules = acl["rule"] as Rule[];

  test("with minimal props allows by default and runs the managed groups before the rate limits' neighbours", () => {
    expect(acl).toMatchObject({ name: "ticketing-web", scope: "REGIONAL", default_action: { allow: {} } });
    expect(rules.map((r) => [r.priority, r.name])).toEqual([
      [10, "ip-reputation"],
      [20, "anonymous-ip"],
      [30, "reservations-per-ip"],
      [40, "requests-per-ip"],
      [50, "common"],
      [60, "known-bad-inputs"],
    ]);
    for (const rule of rules) {
      const managed = rule.statement["managed_rule_group_statement"] !== undefined;
      expect(managed ? rule.override_action : rule.action).toEqual(managed ? { none: {} } : { block: {} });
    }
    expect(only(s, "aws_wafv2_web_acl_association")["resource_arn"]).toBe(base.resourceArn);
  });

  test("blocks hosting providers (where bots run) but only counts VPNs and Tor", () => {
    const anonymous = rules.find((r) => r.name === "anonymous-ip")?.statement["managed_rule_group_statement"];
    expect(anonymous?.["rule_action_override"]).toEqual([
      { name: "AnonymousIPList", action_to_use: { count: {} } },
    ]);
  });

  test("limits POST /api/reservations per IP more tightly than all requests", () => {
    const reservations = rules.find((r) => r.name === "reservations-per-ip")?.statement[
      "rate_based_statement"
    ];
    expect(reservations).toMatchObject({ limit: 600, aggregate_key_type: "IP", evaluation_window_sec: 300 });
    expect(JSON.stringify(reservations?.["scope_down_statement"])).toContain(
      '"search_string":"/api/reservations"',
    );
    expect(JSON.stringify(reservations?.["scope_down_statement"])).toContain('"search_string":"POST"');
    expect(rules.find((r) => r.name === "requests-per-ip")?.statement["rate_based_statement"]).toMatchObject({
      limit: 6000,
    });
  });

  test("logs what it blocked or counted to an aws-waf-logs- group, with the Authorization header redacted", () => {
    expect(only(s, "aws_cloudwatch_log_group")).toMatchObject({
      name: "aws-waf-logs-ticketing",
      retention_in_days: 30,
    });
    const logging = only(s, "aws_wafv2_web_acl_logging_configuration");
    expect(logging["redacted_fields"]).toEqual([{ single_header: { name: "authorization" } }]);
    expect(logging["logging_filter"]).toMatchObject({ default_behavior: "DROP" });
    expect(firewall.metricBlockedRequests()).toMatchObject({
      namespace: "AWS/WAFV2",
      metricName: "BlockedRequests",
    });
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new WebFirewall(stack2, "waf", {
      ...base,
      name: "shop",
      requestsPerIpPer5Minutes: 3000,
      reservationsPerIpPer5Minutes: 300,
      blockHostingProviders: false,
      logRetentionDays: 90,
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    const rules2 = only(s2, "aws_wafv2_web_acl")["rule"] as Rule[];
    expect(
      rules2.find((r) => r.name === "requests-per-ip")?.statement["rate_based_statement"]?.["limit"],
    ).toBe(3000);
    expect(
      rules2.find((r) => r.name === "anonymous-ip")?.statement["managed_rule_group_statement"]?.[
        "rule_action_override"
      ],
    ).toHaveLength(2);
    expect(resources(s2, "aws_cloudwatch_log_group")[0]?.config["retention_in_days"]).toBe(90);
  });

  test.each([
    ["a rate limit below WAF's minimum", { requestsPerIpPer5Minutes: 5 }],
    ["a name with capitals", { name: "Shop" }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new WebFirewall(testStack(), "waf", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
