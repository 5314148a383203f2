import { Testing } from "cdktn";
import { Network } from "../../src/network/network.js";
import { dataSources, named, resources, synth, testStack } from "../helpers/synth.js";

const AZS = ["ap-northeast-2a", "ap-northeast-2c"];

describe("Network", () => {
  test("with minimal props builds the documented layout over the first two available zones", () => {
    const stack = testStack();
    const network = new Network(stack, "net");
    const s = synth(stack);
    expect(
      Testing.toHaveResourceWithProperties(s.text, "aws_vpc", {
        cidr_block: "10.0.0.0/16",
        enable_dns_hostnames: true,
      }),
    ).toBe(true);
    expect(dataSources(s, "aws_availability_zones")).toHaveLength(1);
    const cidrs = resources(s, "aws_subnet")
      .map((r) => r.config["cidr_block"])
      .sort();
    expect(cidrs).toEqual([
      "10.0.1.0/24",
      "10.0.11.0/24",
      "10.0.12.0/24",
      "10.0.2.0/24",
      "10.0.21.0/24",
      "10.0.22.0/24",
    ]);
    expect(network.availabilityZones).toHaveLength(2);
    expect(resources(s, "aws_nat_gateway")).toHaveLength(2);
    expect(resources(s, "aws_flow_log")).toHaveLength(1);
    expect(resources(s, "aws_subnet").every((r) => r.config["map_public_ip_on_launch"] === false)).toBe(true);
  });

  test("routes each private subnet through the NAT gateway in its own zone", () => {
    const stack = testStack();
    new Network(stack, "net", { availabilityZones: AZS });
    const s = synth(stack);
    const nats = resources(s, "aws_nat_gateway");
    const natSubnets = nats.map((n) => n.config["subnet_id"]);
    expect(new Set(natSubnets).size).toBe(2);
    const routes = resources(s, "aws_route").filter((r) => r.name.includes("private-default"));
    expect(routes.map((r) => r.config["nat_gateway_id"])).toEqual(
      nats.map((n) => `\${aws_nat_gateway.${n.name}.id}`),
    );
    expect(named(s, "aws_route", "public-default")["gateway_id"]).toMatch(/^\$\{aws_internet_gateway\./);
  });

  test("leaves the database tier without any route to the internet", () => {
    const stack = testStack();
    const network = new Network(stack, "net", { availabilityZones: AZS });
    const s = synth(stack);
    const dbTable = resources(s, "aws_route_table").find((r) => r.name.includes("database-rt"));
    expect(dbTable).toBeDefined();
    const routesOnDbTable = resources(s, "aws_route").filter((r) =>
      String(r.config["route_table_id"]).includes(String(dbTable?.name)),
    );
    expect(routesOnDbTable).toHaveLength(0);
    expect(network.databaseSubnetIds).toHaveLength(2);
  });

  test.each([
    ["single", 1, 2],
    ["none", 0, 0],
  ] as const)(
    "with natGateways %s creates %i NAT gateway(s) and %i private default route(s)",
    (mode, nats, routes) => {
      const stack = testStack();
      const network = new Network(stack, "net", { availabilityZones: AZS, natGateways: mode });
      const s = synth(stack);
      expect(resources(s, "aws_nat_gateway")).toHaveLength(nats);
      expect(resources(s, "aws_route").filter((r) => r.name.includes("private-default"))).toHaveLength(
        routes,
      );
      expect(network.natGatewayIds).toHaveLength(nats);
    },
  );

  test("with maximal props uses every setting", () => {
    const stack = testStack();
    new Network(stack, "net", {
      name: "shop",
      cidrBlock: "172.16.0.0/20",
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      publicSubnetCidrs: ["172.16.0.0/26", "172.16.0.64/26", "172.16.0.128/26"],
      privateSubnetCidrs: ["172.16.4.0/24", "172.16.5.0/24", "172.16.6.0/24"],
      databaseSubnetCidrs: ["172.16.8.0/26", "172.16.8.64/26", "172.16.8.128/26"],
      natGateways: "per-az",
      flowLogRetentionDays: 90,
      flowLogTrafficType: "REJECT",
      tags: { Team: "platform" },
    });
    const s = synth(stack);
    expect(resources(s, "aws_subnet")).toHaveLength(9);
    expect(resources(s, "aws_nat_gateway")).toHaveLength(3);
    expect(Testing.toHaveResourceWithProperties(s.text, "aws_flow_log", { traffic_type: "REJECT" })).toBe(
      true,
    );
    expect(
      Testing.toHaveResourceWithProperties(s.text, "aws_cloudwatch_log_group", {
        name: "/shop/vpc-flow-logs",
        retention_in_days: 90,
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(s.text, "aws_vpc", {
        tags: { Name: "shop-vpc", Team: "platform" },
      }),
    ).toBe(true);
  });

  test("can skip flow logs", () => {
    const stack = testStack();
    const network = new Network(stack, "net", { availabilityZones: AZS, flowLogs: false });
    expect(resources(synth(stack), "aws_flow_log")).toHaveLength(0);
    expect(network.flowLogGroupName).toBeUndefined();
  });

  test.each([
    ["overlapping tiers", { publicSubnetCidrs: ["10.0.1.0/24", "10.0.11.0/25"] }, "E_CIDR_OVERLAP"],
    ["a subnet outside the VPC", { privateSubnetCidrs: ["10.1.11.0/24", "10.0.12.0/24"] }, "E_CIDR_OVERLAP"],
    [
      "three subnets for two zones",
      { databaseSubnetCidrs: ["10.0.21.0/24", "10.0.22.0/24", "10.0.23.0/24"] },
      "E_SUBNET_AZ_MISMATCH",
    ],
    [
      "three zones with the two default subnets per tier",
      { availabilityZones: [...AZS, "ap-northeast-2b"] },
      "E_SUBNET_AZ_MISMATCH",
    ],
    ["one zone", { availabilityZones: ["ap-northeast-2a"] }, "E_INVALID_PROP"],
    ["a repeated zone", { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }, "E_INVALID_PROP"],
    ["a malformed CIDR", { cidrBlock: "10.0.0.0/33" }, "E_INVALID_PROP"],
    ["host bits in a CIDR", { cidrBlock: "10.0.0.1/16" }, "E_INVALID_PROP"],
    ["an oversized VPC", { cidrBlock: "10.0.0.0/8" }, "E_INVALID_PROP"],
    ["an unknown NAT mode", { natGateways: "two" }, "E_INVALID_PROP"],
    ["an unsupported retention", { flowLogRetentionDays: 10 }, "E_INVALID_PROP"],
    ["an invalid name", { name: "Ticketing_Prod" }, "E_INVALID_PROP"],
  ])("refuses %s", (_case, props, code) => {
    const stack = testStack();
    expect(() => new Network(stack, "net", { availabilityZones: AZS, ...(props as object) })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  test("quotes the offending values in its error message", () => {
    expect(
      () =>
        new Network(testStack(), "net", {
          availabilityZones: AZS,
          publicSubnetCidrs: ["10.0.1.0/24", "10.0.1.128/25"],
        }),
    ).toThrow('test/net: CIDR blocks "10.0.1.0/24" and "10.0.1.128/25" overlap');
  });
});
