import { type Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktn/provider-aws/lib/data-aws-iam-policy-document/index.js";
import { IamInstanceProfile } from "@cdktn/provider-aws/lib/iam-instance-profile/index.js";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy/index.js";
import { IamRolePolicyAttachment } from "@cdktn/provider-aws/lib/iam-role-policy-attachment/index.js";

/** An IAM statement granted to the instances on top of the built-in least-privilege set. */
export interface FleetPolicyStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export interface InstanceRoleInput {
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly repositoryArn: string;
  readonly logGroupArn: string;
  readonly parameterPath: string;
  readonly secretArns: readonly string[];
  /** The Auto Scaling group whose launch hook the instances complete. */
  readonly autoScalingGroupName: string;
  readonly policyStatements: readonly FleetPolicyStatement[];
  readonly sessionManager: boolean;
  readonly tags: Readonly<Record<string, string>> | undefined;
}

/**
 * The app instances' role and profile: ECR auth + pull from one repository, writing one log group, metrics in the
 * `Ticketing`/`CWAgent` namespaces, reading only their own SSM path and the secrets they are given, their own tags
 * (the agent's AutoScalingGroupName dimension) and completing their group's launch hook. Names carry the region:
 * IAM names are global to the account, so the same stack in two regions must not collide.
 */
export function addInstanceRole(
  scope: Construct,
  input: InstanceRoleInput,
): { role: IamRole; profile: IamInstanceProfile } {
  const roleName = `${input.name}-app-${input.region}`;
  const role = new IamRole(scope, "role", {
    name: roleName,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags: input.tags,
  });
  const parameterPathArn = `arn:${input.partition}:ssm:${input.region}:${input.accountId}:parameter${input.parameterPath}`;
  const groupArn = `arn:${input.partition}:autoscaling:${input.region}:${input.accountId}:autoScalingGroup:*:autoScalingGroupName/${input.autoScalingGroupName}`;
  // Several variables may come from one secret (an RDS secret's username and password).
  const secretArns = [...new Set(input.secretArns)];
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
    { sid: "EcrAuth", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    {
      sid: "EcrPull",
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      resources: [input.repositoryArn],
    },
    {
      sid: "AppLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      resources: [`${input.logGroupArn}:*`],
    },
    {
      sid: "Metrics",
      actions: ["cloudwatch:PutMetricData"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "cloudwatch:namespace", values: ["Ticketing", "CWAgent"] },
      ],
    },
    {
      sid: "OwnParameters",
      actions: ["ssm:GetParametersByPath"],
      resources: [parameterPathArn, `${parameterPathArn}/*`],
    },
    {
      sid: "OwnParameterValues",
      actions: ["ssm:GetParameter", "ssm:GetParameters"],
      resources: [`${parameterPathArn}/*`],
    },
    ...(secretArns.length > 0
      ? [{ sid: "OwnSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secretArns }]
      : []),
    // DescribeTags has no resource-level permissions; the agent reads its own instance's tags with it.
    { sid: "OwnTags", actions: ["ec2:DescribeTags"], resources: ["*"] },
    { sid: "LaunchHook", actions: ["autoscaling:CompleteLifecycleAction"], resources: [groupArn] },
    ...input.policyStatements.map((s, i) => ({
      sid: `Extra${i}`,
      actions: [...s.actions],
      resources: [...s.resources],
    })),
  ];
  const document = new DataAwsIamPolicyDocument(scope, "policy-document", { statement: statements });
  new IamRolePolicy(scope, "policy", { role: role.id, name: "least-privilege", policy: document.json });
  if (input.sessionManager) {
    new IamRolePolicyAttachment(scope, "ssm-core", {
      role: role.name,
      policyArn: `arn:${input.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    });
  }
  const profile = new IamInstanceProfile(scope, "profile", {
    name: roleName,
    role: role.name,
    tags: input.tags,
  });
  return { role, profile };
}
