import { Fn } from "cdktn";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktn/provider-aws/lib/cloudwatch-log-group/index.js";
import { DataAwsAvailabilityZones } from "@cdktn/provider-aws/lib/data-aws-availability-zones/index.js";
import { DataAwsCallerIdentity } from "@cdktn/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsPartition } from "@cdktn/provider-aws/lib/data-aws-partition/index.js";
import { DataAwsRegion } from "@cdktn/provider-aws/lib/data-aws-region/index.js";
import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group/index.js";
import { Eip } from "@cdktn/provider-aws/lib/eip/index.js";
import { FlowLog } from "@cdktn/provider-aws/lib/flow-log/index.js";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy/index.js";
import { InternetGateway } from "@cdktn/provider-aws/lib/internet-gateway/index.js";
import { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway/index.js";
import { Route } from "@cdktn/provider-aws/lib/route/index.js";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table/index.js";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association/index.js";
import { Subnet } from "@cdktn/provider-aws/lib/subnet/index.js";
import { Vpc } from "@cdktn/provider-aws/lib/vpc/index.js";
import { CidrOverlapError, InvalidPropError, SubnetCountError } from "../errors.js";
import { nameTags } from "../tags.js";
import {
  assertDisjoint,
  assertInt,
  assertMatches,
  assertOneOf,
  contains,
  NAME_PATTERN,
  parseCidr,
} from "../validate.js";

/** How private subnets reach the internet: one NAT gateway per AZ (HA), one shared NAT (cheaper), or none. */
export type NatGatewayMode = "per-az" | "single" | "none";

export interface NetworkProps {
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** VPC address space. @default "10.0.0.0/16" */
  readonly cidrBlock?: string;
  /**
   * Availability zones, one subnet of each tier per zone (at least 2: Aurora and ElastiCache subnet groups need 2).
   * @default the first `azCount` zones the account reports as available (a data source)
   */
  readonly availabilityZones?: readonly string[];
  /** Number of zones used when `availabilityZones` is not given. @default 2 */
  readonly azCount?: number;
  /** Public subnets (ALB, NAT gateways), one per AZ. @default ["10.0.1.0/24", "10.0.2.0/24"] */
  readonly publicSubnetCidrs?: readonly string[];
  /** Private subnets (app instances), one per AZ. @default ["10.0.11.0/24", "10.0.12.0/24"] */
  readonly privateSubnetCidrs?: readonly string[];
  /** Isolated database subnets (Aurora, ElastiCache) with no internet route. @default ["10.0.21.0/24", "10.0.22.0/24"] */
  readonly databaseSubnetCidrs?: readonly string[];
  /** NAT gateway layout. `"none"` leaves private subnets without internet access (bring VPC endpoints). @default "per-az" */
  readonly natGateways?: NatGatewayMode;
  /** Ship VPC flow logs to CloudWatch Logs. @default true */
  readonly flowLogs?: boolean;
  /** Flow log retention in days. @default 30 */
  readonly flowLogRetentionDays?: number;
  /** Which traffic the flow log records. @default "ALL" */
  readonly flowLogTrafficType?: "ACCEPT" | "REJECT" | "ALL";
  /** Extra tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export const NETWORK_DEFAULTS = {
  cidrBlock: "10.0.0.0/16",
  azCount: 2,
  publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
  privateSubnetCidrs: ["10.0.11.0/24", "10.0.12.0/24"],
  databaseSubnetCidrs: ["10.0.21.0/24", "10.0.22.0/24"],
} as const;

const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** VPC with public, private and database subnet tiers over the given AZs, IGW, NAT gateways, routes and flow logs. */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly databaseSubnetIds: readonly string[];
  readonly natGatewayIds: readonly string[];
  readonly publicRouteTableId: string;
  readonly privateRouteTableIds: readonly string[];
  readonly databaseRouteTableId: string;
  /** CloudWatch log group of the flow log, when enabled. */
  readonly flowLogGroupName: string | undefined;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    const natMode = props.natGateways ?? "per-az";
    const cidrBlock = props.cidrBlock ?? NETWORK_DEFAULTS.cidrBlock;
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    assertOneOf(path, "natGateways", natMode, ["per-az", "single", "none"]);
    assertOneOf(path, "flowLogTrafficType", props.flowLogTrafficType, ["ACCEPT", "REJECT", "ALL"]);
    assertInt(path, "azCount", props.azCount, 2, 6);
    if (props.flowLogRetentionDays !== undefined && !RETENTION_DAYS.includes(props.flowLogRetentionDays)) {
      throw new InvalidPropError(
        path,
        "flowLogRetentionDays",
        props.flowLogRetentionDays,
        `must be one of ${RETENTION_DAYS.join(", ")}`,
      );
    }

    const azs = this.resolveAzs(props);
    if (props.availabilityZones && props.availabilityZones.length < 2) {
      throw new InvalidPropError(
        path,
        "availabilityZones",
        props.availabilityZones,
        "must list at least 2 zones",
      );
    }
    if (props.availabilityZones && new Set(props.availabilityZones).size !== props.availabilityZones.length) {
      throw new InvalidPropError(
        path,
        "availabilityZones",
        props.availabilityZones,
        "must not repeat a zone",
      );
    }
    const tiers = {
      publicSubnetCidrs: props.publicSubnetCidrs ?? NETWORK_DEFAULTS.publicSubnetCidrs,
      privateSubnetCidrs: props.privateSubnetCidrs ?? NETWORK_DEFAULTS.privateSubnetCidrs,
      databaseSubnetCidrs: props.databaseSubnetCidrs ?? NETWORK_DEFAULTS.databaseSubnetCidrs,
    };
    const vpcBlock = parseCidr(path, "cidrBlock", cidrBlock);
    if (vpcBlock.prefix < 16 || vpcBlock.prefix > 28) {
      throw new InvalidPropError(
        path,
        "cidrBlock",
        cidrBlock,
        "must have a prefix between /16 and /28 (AWS VPC limits)",
      );
    }
    const blocks = Object.entries(tiers).flatMap(([tier, cidrs]) => {
      if (cidrs.length !== azs.length) throw new SubnetCountError(path, tier, cidrs.length, azs.length);
      return cidrs.map((cidr, i) => {
        const block = parseCidr(path, `${tier}[${i}]`, cidr);
        if (!contains(vpcBlock, block))
          throw new CidrOverlapError(path, cidr, `outside the VPC ${cidrBlock}`);
        return block;
      });
    });
    assertDisjoint(path, blocks);

    const tags = props.tags;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: nameTags(`${name}-vpc`, tags),
    });
    this.vpcId = this.vpc.id;
    this.cidrBlock = cidrBlock;
    // The VPC's default group allows all traffic between its members and all egress; managed here with no rules, so
    // nothing launched without an explicit group (CKV2_AWS_12) can talk to anything.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpcId,
      tags: nameTags(`${name}-default-unused`, tags),
    });
    this.availabilityZones = azs;

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpcId, tags: nameTags(`${name}-igw`, tags) });
    const subnet = (tier: string, cidr: string, az: string, i: number): Subnet =>
      new Subnet(this, `${tier}-${i}`, {
        vpcId: this.vpcId,
        cidrBlock: cidr,
        availabilityZone: az,
        // Instances in public subnets never get a public IP implicitly (CKV_AWS_130); the ALB and NAT use their own.
        mapPublicIpOnLaunch: false,
        tags: nameTags(`${name}-${tier}-${i + 1}`, { ...tags, Tier: tier }),
      });
    const pub = tiers.publicSubnetCidrs.map((c, i) => subnet("public", c, azs[i] as string, i));
    const priv = tiers.privateSubnetCidrs.map((c, i) => subnet("private", c, azs[i] as string, i));
    const db = tiers.databaseSubnetCidrs.map((c, i) => subnet("database", c, azs[i] as string, i));
    this.publicSubnetIds = pub.map((s) => s.id);
    this.privateSubnetIds = priv.map((s) => s.id);
    this.databaseSubnetIds = db.map((s) => s.id);

    const publicRt = new RouteTable(this, "public-rt", {
      vpcId: this.vpcId,
      tags: nameTags(`${name}-public`, tags),
    });
    new Route(this, "public-default", {
      routeTableId: publicRt.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    pub.forEach(
      (s, i) =>
        new RouteTableAssociation(this, `public-assoc-${i}`, { subnetId: s.id, routeTableId: publicRt.id }),
    );
    this.publicRouteTableId = publicRt.id;

    const natCount = natMode === "per-az" ? azs.length : natMode === "single" ? 1 : 0;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i}`, {
        domain: "vpc",
        tags: nameTags(`${name}-nat-${i + 1}`, tags),
      });
      return new NatGateway(this, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: pub[i]?.id as string,
        tags: nameTags(`${name}-nat-${i + 1}`, tags),
        dependsOn: [igw],
      });
    });
    this.natGatewayIds = nats.map((n) => n.id);

    // One private route table per AZ so each AZ egresses through its own NAT: losing one AZ never cuts the other off.
    this.privateRouteTableIds = priv.map((s, i) => {
      const rt = new RouteTable(this, `private-rt-${i}`, {
        vpcId: this.vpcId,
        tags: nameTags(`${name}-private-${i + 1}`, tags),
      });
      const nat = nats[Math.min(i, nats.length - 1)];
      if (nat) {
        new Route(this, `private-default-${i}`, {
          routeTableId: rt.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nat.id,
        });
      }
      new RouteTableAssociation(this, `private-assoc-${i}`, { subnetId: s.id, routeTableId: rt.id });
      return rt.id;
    });

    const dbRt = new RouteTable(this, "database-rt", {
      vpcId: this.vpcId,
      tags: nameTags(`${name}-database`, tags),
    });
    db.forEach(
      (s, i) =>
        new RouteTableAssociation(this, `database-assoc-${i}`, { subnetId: s.id, routeTableId: dbRt.id }),
    );
    this.databaseRouteTableId = dbRt.id;

    this.flowLogGroupName = props.flowLogs === false ? undefined : this.addFlowLogs(name, props);
  }

  private resolveAzs(props: NetworkProps): readonly string[] {
    if (props.availabilityZones) return [...props.availabilityZones];
    const available = new DataAwsAvailabilityZones(this, "azs", { state: "available" });
    return Array.from({ length: props.azCount ?? NETWORK_DEFAULTS.azCount }, (_, i) =>
      Fn.element(available.names, i),
    );
  }

  private addFlowLogs(name: string, props: NetworkProps): string {
    const group = new CloudwatchLogGroup(this, "flow-log-group", {
      name: `/${name}/vpc-flow-logs`,
      retentionInDays: props.flowLogRetentionDays ?? 30,
      tags: props.tags,
    });
    const region = new DataAwsRegion(this, "region").region;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition").partition;
    const role = new IamRole(this, "flow-log-role", {
      // IAM names are global to the account: the region keeps two regions' stacks apart.
      name: `${name}-flow-logs-${region}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Only flow logs of this account's own VPC may use the role (no confused deputy).
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
            },
          },
        ],
      }),
      tags: props.tags,
    });
    new IamRolePolicy(this, "flow-log-policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: `${group.arn}:*`,
          },
        ],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpcId,
      trafficType: props.flowLogTrafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: nameTags(`${name}-flow-log`, props.tags),
    });
    return group.name;
  }
}
