import { type Construct } from "constructs";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy/index.js";

/** An IAM role a construct can grant access to: its name is enough to attach an inline policy. */
export interface GrantableRole {
  readonly name: string;
}

/** One statement of a grant. */
export interface GrantStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * Attaches an inline policy named `policyName` with `statements` to `role`, as a construct of `scope`: the `grant…`
 * helpers of the constructs use it, so another team's role can be given exactly the access it needs.
 */
export function grant(
  scope: Construct,
  id: string,
  role: GrantableRole,
  policyName: string,
  statements: readonly GrantStatement[],
): IamRolePolicy {
  return new IamRolePolicy(scope, id, {
    role: role.name,
    name: policyName,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: statements.map((s) => ({
        Effect: "Allow",
        Action: [...s.actions],
        Resource: s.resources.length === 1 ? s.resources[0] : [...s.resources],
      })),
    }),
  });
}
