/**
 * Terraform / OpenTofu releases the constructs need: ephemeral resources and write-only attributes keep generated
 * secrets out of state. Put this under `targetVersions` in cdktf.json (or the App context) of a consuming project.
 */
export const TERRAFORM_TARGET_VERSIONS = { terraform: ">=1.11.0", opentofu: ">=1.11.0" } as const;

/** `terraform.required_version` written into stacks that use the platform. */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11.0";
