import { Construct } from "constructs";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group/index.js";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule/index.js";
import { InvalidPropError } from "../errors.js";
import { nameTags } from "../tags.js";

/**
 * The security group a data-store construct creates when it is used on its own: no ingress until `allowFrom`, no
 * egress (a database or cache never initiates connections).
 */
export class OwnSecurityGroup extends Construct {
  readonly securityGroupId: string;
  private readonly port: number;
  private rules = 0;

  constructor(
    scope: Construct,
    id: string,
    props: {
      vpcId: string;
      name: string;
      description: string;
      port: number;
      tags: Readonly<Record<string, string>> | undefined;
    },
  ) {
    super(scope, id);
    const group = new SecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: nameTags(props.name, props.tags),
    });
    this.securityGroupId = group.id;
    this.port = props.port;
  }

  allowFrom(sourceSecurityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `from-${this.rules++}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: sourceSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      description,
    });
  }
}

/** `allowConnectionsFrom` of a data store: only its own group can be opened; groups it was given are the caller's. */
export function allowThroughOwnGroup(
  construct: string,
  group: OwnSecurityGroup | undefined,
  sourceSecurityGroupId: string,
  description: string,
): void {
  if (!group) {
    throw new InvalidPropError(
      construct,
      "securityGroupIds",
      "given",
      "— the construct uses security groups it was given; add the rule to them",
    );
  }
  group.allowFrom(sourceSecurityGroupId, description);
}
