import { Fn } from "cdktn";

/**
 * Comment lines around the part of the boot script that writes the app's configuration (env file, CA bundle) from SSM
 * and Secrets Manager, so that a rehearsal can run exactly that part with the AWS calls answered locally.
 */
export const APP_CONFIGURATION_BEGIN = "# >>> app configuration";
export const APP_CONFIGURATION_END = "# <<< app configuration";

/** A value read from Secrets Manager at boot. */
export interface SecretReference {
  readonly secretArn: string;
  /** Key inside a JSON secret (RDS-managed secrets hold `username` and `password`). @default the whole SecretString */
  readonly jsonKey?: string;
  /** Percent-encode the value so it can be spliced into a URL. @default false */
  readonly uriEncode?: boolean;
}

/** A CA bundle fetched at boot for the app (the RDS bundle, so the app can verify Aurora's certificate). */
export interface CaBundle {
  /** https URL of the PEM bundle. */
  readonly url: string;
  /** Environment variable that names the file inside the container, e.g. `DATABASE_CA_FILE`. */
  readonly environmentVariable: string;
}

/** The Auto Scaling launch hook the instance completes once its app answers liveness. */
export interface LaunchHook {
  readonly name: string;
  readonly autoScalingGroupName: string;
}

/** What the boot script needs; every value may be a Terraform token (it is interpolated at apply time). */
export interface UserDataInput {
  readonly region: string;
  readonly repositoryUrl: string;
  /** SSM path holding one parameter per plain environment variable, including `IMAGE_TAG`. */
  readonly parameterPath: string;
  /** Environment variable name → secret (and JSON key inside it, for RDS-managed secrets). */
  readonly secrets: Readonly<Record<string, SecretReference>>;
  /** Variables built from the others with shell `$NAME` expansion, e.g. `mysql://$DB_HOST:$DB_PORT/$DB_NAME`. */
  readonly derived: Readonly<Record<string, string>>;
  readonly logGroupName: string;
  readonly appPort: number;
  readonly containerName: string;
  /** Host folder of the env file and the CA bundle. @default "/etc/ticketing" */
  readonly configDir?: string;
  /** @default none */
  readonly caBundle?: CaBundle;
  /** @default none: the instance is in service as soon as it is running */
  readonly launchHook?: LaunchHook;
  /** Path the launch hook waits for a 200 on. @default "/api/health/live" */
  readonly livenessPath?: string;
}

/** The boot script split in two: shell assignments of the (possibly unresolved) inputs, and a static body. */
export interface UserDataParts {
  readonly variables: readonly (readonly [string, string])[];
  readonly script: string;
}

/**
 * The unit that completes the launch hook: at first boot and again whenever a stopped warm-pool instance starts on
 * its way into service (user data runs only once), it waits for the app's liveness and answers CONTINUE, or ABANDON
 * after ten minutes so that Auto Scaling replaces the instance.
 */
const READY_SCRIPT = [
  "#!/bin/bash",
  "set -uo pipefail",
  'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
  'INSTANCE_ID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)',
  "RESULT=ABANDON",
  "for attempt in $(seq 1 120); do",
  '  if curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT$LIVENESS_PATH"; then RESULT=CONTINUE; break; fi',
  "  sleep 5",
  "done",
  // No action is pending after a plain reboot of an instance in service: that refusal is expected.
  'aws autoscaling complete-lifecycle-action --region "$REGION" --auto-scaling-group-name "$ASG_NAME" --lifecycle-hook-name "$LAUNCH_HOOK" --instance-id "$INSTANCE_ID" --lifecycle-action-result "$RESULT" || true',
].join("\n");

const READY_UNIT = [
  "[Unit]",
  "Description=Tell Auto Scaling the app is live",
  "After=docker.service network-online.target",
  "Wants=network-online.target",
  "[Service]",
  "Type=oneshot",
  "EnvironmentFile=/etc/ticketing-ready.env",
  "ExecStart=/usr/local/bin/ticketing-ready",
  "[Install]",
  "WantedBy=multi-user.target",
].join("\n");

/**
 * Boot script: install Docker and the CloudWatch agent, build an env file from SSM parameters and Secrets Manager
 * (secrets never pass through Terraform), fetch the CA bundle, pull the image from ECR, run it with the awslogs
 * driver, and complete the launch hook once the app is live.
 */
export function userDataParts(input: UserDataInput): UserDataParts {
  const variables: [string, string][] = [
    ["REGION", input.region],
    ["REPOSITORY", input.repositoryUrl],
    ["PARAM_PATH", input.parameterPath],
    ["LOG_GROUP", input.logGroupName],
    ["APP_PORT", String(input.appPort)],
    ["CONTAINER", input.containerName],
    ["CONFIG_DIR", input.configDir ?? "/etc/ticketing"],
  ];
  if (input.caBundle) variables.push(["CA_BUNDLE_URL", input.caBundle.url]);
  if (input.launchHook) {
    variables.push(["ASG_NAME", input.launchHook.autoScalingGroupName]);
    variables.push(["LAUNCH_HOOK", input.launchHook.name]);
    variables.push(["LIVENESS_PATH", input.livenessPath ?? "/api/health/live"]);
  }
  const secretLines = Object.entries(input.secrets).map(([env, s]) => {
    variables.push([`SECRET_${env}`, s.secretArn]);
    const encode = s.uriEncode ? " | @uri" : "";
    const read = s.jsonKey
      ? `secret "$SECRET_${env}" | jq -r '.${s.jsonKey}${encode}'`
      : s.uriEncode
        ? `secret "$SECRET_${env}" | jq -Rr '@uri'`
        : `secret "$SECRET_${env}"`;
    return `${env}=$(${read}); echo "${env}=$${env}" >> "$ENV_FILE"`;
  });
  const derivedLines = Object.entries(input.derived).map(
    ([env, template]) => `echo "${env}=${template}" >> "$ENV_FILE"`,
  );
  const caLines = input.caBundle
    ? [
        "# The CA bundle the app verifies the database's certificate with (not secret: readable by the container).",
        'CA_FILE="$CONFIG_DIR/ca-bundle.pem"',
        'curl -fsS --retry 5 --proto-redir =https -o "$CA_FILE" "$CA_BUNDLE_URL"',
        "grep -q 'BEGIN CERTIFICATE' \"$CA_FILE\"",
        'chmod 644 "$CA_FILE"',
        `echo "${input.caBundle.environmentVariable}=$CA_FILE" >> "$ENV_FILE"`,
      ]
    : [];
  const agentConfig = JSON.stringify({
    metrics: {
      namespace: "CWAgent",
      append_dimensions: { AutoScalingGroupName: "${aws:AutoScalingGroupName}" },
      metrics_collected: {
        mem: { measurement: ["mem_used_percent"] },
        disk: { measurement: ["used_percent"], resources: ["/"] },
      },
    },
  });
  const mount = input.caBundle ? ' -v "$CA_FILE:$CA_FILE:ro"' : "";
  const hookLines = input.launchHook
    ? [
        "cat > /usr/local/bin/ticketing-ready <<'READY'",
        READY_SCRIPT,
        "READY",
        "chmod 755 /usr/local/bin/ticketing-ready",
        'printf "REGION=%s\\nASG_NAME=%s\\nLAUNCH_HOOK=%s\\nAPP_PORT=%s\\nLIVENESS_PATH=%s\\n" "$REGION" "$ASG_NAME" "$LAUNCH_HOOK" "$APP_PORT" "$LIVENESS_PATH" > /etc/ticketing-ready.env',
        "cat > /etc/systemd/system/ticketing-ready.service <<'UNIT'",
        READY_UNIT,
        "UNIT",
        "systemctl daemon-reload",
        "systemctl enable --now ticketing-ready.service",
      ]
    : [];
  const script = [
    "set -euo pipefail",
    "exec > >(tee -a /var/log/user-data.log | logger -t user-data) 2>&1",
    "dnf install -y docker jq amazon-cloudwatch-agent",
    "systemctl enable --now docker",
    "# Host memory and disk metrics; CPU comes from EC2 itself.",
    "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
    agentConfig,
    "JSON",
    "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json",
    APP_CONFIGURATION_BEGIN,
    "# Configuration: plain values from SSM Parameter Store, secrets from Secrets Manager, never baked into the image.",
    'ENV_FILE="$CONFIG_DIR/app.env"',
    'install -d -m 700 "$CONFIG_DIR"',
    "umask 077",
    ': > "$ENV_FILE"',
    "while IFS='=' read -r key value; do",
    '  declare -x "$key=$value"; echo "$key=$value" >> "$ENV_FILE"',
    'done < <(aws ssm get-parameters-by-path --region "$REGION" --path "$PARAM_PATH" --recursive --output json | jq -r \'.Parameters[] | (.Name | split("/") | last) + "=" + .Value\')',
    'secret() { aws secretsmanager get-secret-value --region "$REGION" --secret-id "$1" --query SecretString --output text; }',
    ...secretLines,
    ...derivedLines,
    ...caLines,
    APP_CONFIGURATION_END,
    'REGISTRY=$(echo "$REPOSITORY" | cut -d/ -f1)',
    'aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
    'docker pull "$REPOSITORY:$IMAGE_TAG"',
    'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'INSTANCE_ID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)',
    `docker run -d --name "$CONTAINER" --restart always -p "$APP_PORT:$APP_PORT" -e PORT="$APP_PORT" --env-file "$ENV_FILE"${mount} --log-driver awslogs --log-opt awslogs-region="$REGION" --log-opt awslogs-group="$LOG_GROUP" --log-opt awslogs-stream="$INSTANCE_ID" "$REPOSITORY:$IMAGE_TAG"`,
    ...hookLines,
    "",
  ].join("\n");
  return { variables, script };
}

/** The plain-text script with the inputs substituted; what the instance runs once Terraform resolves the tokens. */
export function renderUserData(input: UserDataInput): string {
  const { variables, script } = userDataParts(input);
  return ["#!/bin/bash", ...variables.map(([k, v]) => `${k}='${v}'`), script].join("\n");
}

/**
 * Base64 user data as a Terraform expression. The static body goes through `Fn.rawString` (escapes quotes and `${`);
 * only the single-quoted assignments carry tokens.
 */
export function userDataExpression(input: UserDataInput): string {
  const { variables, script } = userDataParts(input);
  return Fn.base64encode(
    Fn.join("\n", [
      "#!/bin/bash",
      // A literal and a token never share one element: cdktn cannot escape mixed strings inside function calls.
      ...variables.map(([k, v]) => Fn.join("", [`${k}='`, v, "'"])),
      Fn.rawString(script),
    ]),
  );
}
