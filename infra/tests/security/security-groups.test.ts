import { SecurityGroups } from "../../src/security/security-groups.js";
import { resources, synth, testStack, type Block, type Synthesized } from "../helpers/synth.js";

function groupName(s: Synthesized, rule: Block): string {
  const id = String(rule.config["security_group_id"]);
  const group = resources(s, "aws_security_group").find((g) => id.includes(`.${g.name}.`));
  return String(group?.config["name"]);
}

function refName(s: Synthesized, rule: Block): string | undefined {
  const id = rule.config["referenced_security_group_id"];
  if (id === undefined) return undefined;
  return String(
    resources(s, "aws_security_group").find((g) => String(id).includes(`.${g.name}.`))?.config["name"],
  );
}

describe("SecurityGroups", () => {
  const stack = testStack();
  const groups = new SecurityGroups(stack, "sg", { vpcId: "vpc-123", name: "shop" });
  const s = synth(stack);
  const rule = (r: Block) => ({
    group: groupName(s, r),
    port: r.config["from_port"],
    to: r.config["to_port"],
    cidr: r.config["cidr_ipv4"],
    from: refName(s, r),
  });

  test("chains ingress exactly: internet → ALB 80/443 → app 8080 → database 3306 and Redis 6379", () => {
    const ingress = resources(s, "aws_vpc_security_group_ingress_rule").map(rule);
    expect(ingress).toHaveLength(5);
    expect(ingress).toEqual(
      expect.arrayContaining([
        { group: "shop-alb", port: 80, to: 80, cidr: "0.0.0.0/0", from: undefined },
        { group: "shop-alb", port: 443, to: 443, cidr: "0.0.0.0/0", from: undefined },
        { group: "shop-app", port: 8080, to: 8080, cidr: undefined, from: "shop-alb" },
        { group: "shop-database", port: 3306, to: 3306, cidr: undefined, from: "shop-app" },
        { group: "shop-redis", port: 6379, to: 6379, cidr: undefined, from: "shop-app" },
      ]),
    );
  });

  test("lets the data stores send nothing and the ALB reach only the app", () => {
    const egress = resources(s, "aws_vpc_security_group_egress_rule").map(rule);
    expect(egress.filter((e) => e.group === "shop-database" || e.group === "shop-redis")).toEqual([]);
    expect(egress.filter((e) => e.group === "shop-alb")).toEqual([
      { group: "shop-alb", port: 8080, to: 8080, cidr: undefined, from: "shop-app" },
    ]);
    expect(egress.filter((e) => e.group === "shop-app")).toEqual(
      expect.arrayContaining([
        { group: "shop-app", port: 443, to: 443, cidr: "0.0.0.0/0", from: undefined },
        { group: "shop-app", port: 3306, to: 3306, cidr: undefined, from: "shop-database" },
        { group: "shop-app", port: 6379, to: 6379, cidr: undefined, from: "shop-redis" },
      ]),
    );
  });

  test("declares no inline rules, so the separate rule resources are the whole truth", () => {
    for (const g of resources(s, "aws_security_group")) {
      expect(g.config["ingress"]).toBeUndefined();
      expect(g.config["egress"]).toBeUndefined();
      expect(g.config["vpc_id"]).toBe("vpc-123");
    }
    expect(groups.appPort).toBe(8080);
  });

  test("with maximal props restricts the ALB to the given ranges and uses custom ports", () => {
    const stack2 = testStack();
    new SecurityGroups(stack2, "sg", {
      vpcId: "vpc-1",
      appPort: 3000,
      databasePort: 3307,
      redisPort: 6380,
      albIngressCidrs: ["203.0.113.0/24"],
      albIngressIpv6Cidrs: ["2001:db8::/32"],
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    const ports = resources(s2, "aws_vpc_security_group_ingress_rule").map((r) => [
      r.config["from_port"],
      r.config["cidr_ipv4"] ?? r.config["cidr_ipv6"] ?? "sg",
    ]);
    expect(ports).toEqual(
      expect.arrayContaining([
        [80, "203.0.113.0/24"],
        [443, "2001:db8::/32"],
        [3000, "sg"],
        [3307, "sg"],
        [6380, "sg"],
      ]),
    );
    expect(ports.some(([, c]) => c === "0.0.0.0/0")).toBe(false);
  });

  test.each([
    ["a port out of range", { appPort: 70000 }],
    ["a bad CIDR", { albIngressCidrs: ["0.0.0.0"] }],
    ["a bad IPv6 CIDR", { albIngressIpv6Cidrs: ["everyone"] }],
    ["an empty VPC id", { vpcId: " " }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new SecurityGroups(testStack(), "sg", { vpcId: "vpc-1", ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
