// The `aws` command the rehearsal puts first on PATH: it answers, from the shared state folder, the calls an
// instance's boot script and the stack's apply-time scripts make, and refuses any other so that a new dependency
// on AWS shows up as a failure. Run as `node aws-cli.ts <service> <operation> [--option value]...`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { findSecret, readState, recordCall } from "./fake-aws.ts";

const dir = process.env["REHEARSAL_AWS_STATE"];
if (!dir) {
  process.stderr.write("aws (rehearsal stub): REHEARSAL_AWS_STATE is not set\n");
  process.exit(255);
}

const [service = "", operation = "", ...rest] = process.argv.slice(2);
const options = new Map<string, string>();
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i] as string;
  if (!arg.startsWith("--")) continue;
  const next = rest[i + 1];
  if (next !== undefined && !next.startsWith("--")) {
    options.set(arg.slice(2), next);
    i++;
  } else options.set(arg.slice(2), "");
}

function fail(message: string, code = 255): never {
  process.stderr.write(`aws (rehearsal stub): ${message}\n`);
  process.exit(code);
}

// --cli-input-json file://request.json: the request's parameters from a file, as the real CLI reads them.
const input = options.get("cli-input-json");
if (input !== undefined) {
  const request = JSON.parse(readFileSync(input.replace(/^file:\/\//, ""), "utf8")) as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(request)) {
    const option = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (!options.has(option)) options.set(option, String(value));
  }
}

const state = readState(dir);
const command = `${service} ${operation}`;

if (command === "ssm get-parameters-by-path") {
  const path = options.get("path") ?? fail("--path is required");
  recordCall(dir, `cli ssm get-parameters-by-path ${path}`);
  const prefix = path.endsWith("/") ? path : `${path}/`;
  const recursive = options.has("recursive");
  const found = state.parameters.filter(
    (p) => p.Name.startsWith(prefix) && (recursive || !p.Name.slice(prefix.length).includes("/")),
  );
  process.stdout.write(`${JSON.stringify({ Parameters: found }, null, 2)}\n`);
} else if (command === "secretsmanager get-secret-value") {
  const id = options.get("secret-id") ?? fail("--secret-id is required");
  recordCall(dir, `cli secretsmanager get-secret-value ${id}`);
  const secret =
    findSecret(state, id) ??
    fail(
      `An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: ${id}`,
      254,
    );
  if (options.get("query") === "SecretString" && options.get("output") === "text")
    process.stdout.write(`${secret.value}\n`);
  else
    process.stdout.write(
      `${JSON.stringify({ ARN: secret.arn, Name: secret.name, SecretString: secret.value, VersionId: secret.versionId }, null, 2)}\n`,
    );
} else if (command === "rds-data execute-statement") {
  const secretArn = options.get("secret-arn") ?? fail("--secret-arn is required");
  const sql = options.get("sql") ?? fail("--sql is required");
  if (secretArn !== state.masterSecretArn)
    fail(`An error occurred (ForbiddenException): ${secretArn} is not the cluster's master secret`, 254);
  recordCall(dir, `cli rds-data execute-statement ${sql.split(/\s+/).slice(0, 2).join(" ")}`);
  const database = options.get("database");
  try {
    execFileSync(
      "mariadb",
      ["--socket", state.mysqlSocket, "-uroot", ...(database ? [database] : []), "-e", sql],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch (error) {
    fail(
      `An error occurred (BadRequestException): ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
      254,
    );
  }
  process.stdout.write(`${JSON.stringify({ numberOfRecordsUpdated: 0, generatedFields: [] })}\n`);
} else {
  recordCall(dir, `cli refused ${command}`);
  fail(`"aws ${command}" is not answered in the rehearsal`);
}
