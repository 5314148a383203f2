/** Privileges the app needs on its own schema: its queries, and the migrations it runs at start. */
export const APPLICATION_PRIVILEGES: readonly string[] = [
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "CREATE",
  "ALTER",
  "INDEX",
  "REFERENCES",
];

/**
 * Runs at apply time on the operator's machine (a `local-exec` provisioner): makes the application user match its
 * secret — created if missing, password and privileges set — through the RDS Data API as the master user, so nothing
 * has to reach the database over the network and the master password is never printed. Needs the AWS CLI v2 and jq.
 * Inputs (environment): REGION, CLUSTER_ARN, MASTER_SECRET_ARN, APP_SECRET_ARN, DATABASE, PRIVILEGES.
 */
export const APPLICATION_USER_SCRIPT = [
  "set -euo pipefail",
  'credentials=$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$APP_SECRET_ARN" --query SecretString --output text)',
  'user=$(jq -r .username <<<"$credentials")',
  'password=$(jq -r .password <<<"$credentials")',
  // The SQL is built from these values: refuse anything a quote or a backtick could break out of.
  'for value in "$user" "$password" "$DATABASE"; do',
  '  [[ "$value" =~ ^[A-Za-z0-9_]+$ ]] || { echo "refusing to build SQL from a value that is not letters, digits or _" >&2; exit 1; }',
  "done",
  '[[ "$PRIVILEGES" =~ ^[A-Z]+(,\\ ?[A-Z]+)*$ ]] || { echo "PRIVILEGES must be a comma-separated list of privilege names" >&2; exit 1; }',
  "request=$(mktemp)",
  "trap 'rm -f \"$request\"' EXIT",
  // The statement goes through a file (mode 600), not the command line, so no process listing shows the password.
  "sql() {",
  '  jq -n --arg sql "$1" \'{resourceArn: env.CLUSTER_ARN, secretArn: env.MASTER_SECRET_ARN, database: env.DATABASE, sql: $sql}\' > "$request"',
  "  for attempt in 1 2 3 4 5 6; do",
  '    aws rds-data execute-statement --region "$REGION" --cli-input-json "file://$request" > /dev/null && return 0',
  '    echo "Data API not ready (attempt $attempt); retrying in 20 s" >&2; sleep 20',
  "  done",
  "  return 1",
  "}",
  "sql \"CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password'\"",
  "sql \"ALTER USER '$user'@'%' IDENTIFIED BY '$password'\"",
  "sql \"GRANT $PRIVILEGES ON \\`$DATABASE\\`.* TO '$user'@'%'\"",
  'echo "database user $user matches its secret"',
].join("\n");
