/** Every [path, value] pair in a JSON tree. */
function* walk(node: unknown, path: string[] = []): Generator<[string[], unknown]> {
  yield [path, node];
  if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) yield* walk(v, [...path, k]);
  }
}

const SECRET_KEY = /(password|secret_string|auth_token|secret_binary|token)$/i;
// A write-only value comes from an ephemeral resource: alone, or inside a jsonencode of literal fields.
const FROM_EPHEMERAL = /^\$\{(?:ephemeral\.[^}]+|jsonencode\(\{[^}]*\bephemeral\.[^}]+\}\))\}$/;
const NOT_A_SECRET = /_version$|_arn$|_kms_key_id$|update_strategy$|manage_master_user_password$/;

/**
 * Places in synthesized Terraform JSON where a secret would end up in the plan or state: any scalar under a
 * password/token/secret-string argument, and any write-only (`*_wo`) argument not fed by an ephemeral resource.
 */
export function secretLiterals(json: unknown): string[] {
  const findings: string[] = [];
  for (const [path, value] of walk(json)) {
    const key = path.at(-1) ?? "";
    const scalar = typeof value === "string" || typeof value === "number";
    if (SECRET_KEY.test(key) && !NOT_A_SECRET.test(key) && scalar)
      findings.push(`${path.join(".")}=${JSON.stringify(value)}`);
    if (/_wo$/.test(key) && !FROM_EPHEMERAL.test(String(value)))
      findings.push(`${path.join(".")} is not ephemeral`);
  }
  return findings;
}
