import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** One stored secret: what GetSecretValue returns for its ARN or name. */
export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
  readonly versionId: string;
}

/** What the `aws` stub and the local endpoint answer from: files in one folder, shared by both. */
export interface AwsState {
  readonly parameters: readonly { Name: string; Value: string; Type: string }[];
  readonly secrets: readonly StoredSecret[];
  /** The database master secret's ARN, the only one `rds-data execute-statement` accepts. */
  readonly masterSecretArn: string;
  /** The database's Unix socket; `rds-data` statements run there as root, as the Data API runs as the master user. */
  readonly mysqlSocket: string;
}

export const STATE_FILE = "state.json";
export const CALLS_FILE = "calls.log";

export function readState(dir: string): AwsState {
  return JSON.parse(readFileSync(join(dir, STATE_FILE), "utf8")) as AwsState;
}

export function writeState(dir: string, state: AwsState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `${STATE_FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temporary, join(dir, STATE_FILE));
}

export function findSecret(state: AwsState, id: string): StoredSecret | undefined {
  return state.secrets.find((secret) => secret.arn === id || secret.name === id);
}

/** Appends one answered call (`cli secretsmanager get-secret-value <arn>`) to the shared log. */
export function recordCall(dir: string, line: string): void {
  appendFileSync(join(dir, CALLS_FILE), `${line}\n`);
}

export function calls(dir: string): string[] {
  const file = join(dir, CALLS_FILE);
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/**
 * The AWS endpoint the app's SDK clients talk to in the rehearsal (`AWS_ENDPOINT_URL`): Secrets Manager's
 * GetSecretValue from the shared state, and CloudWatch's PutMetricData accepted and counted. Anything else is
 * refused, so an unexpected AWS dependency of the app shows up as an error in its log.
 */
export async function startAwsEndpoint(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const reply = (status: number, payload: unknown, type: string) => {
        res.writeHead(status, { "content-type": type });
        res.end(JSON.stringify(payload));
      };
      if (target === "secretsmanager.GetSecretValue") {
        const { SecretId } = JSON.parse(body || "{}") as { SecretId?: string };
        recordCall(dir, `sdk secretsmanager GetSecretValue ${SecretId}`);
        const secret = findSecret(readState(dir), String(SecretId));
        if (!secret) {
          reply(
            400,
            {
              __type: "ResourceNotFoundException",
              message: "Secrets Manager can't find the specified secret.",
            },
            "application/x-amz-json-1.1",
          );
          return;
        }
        reply(
          200,
          {
            ARN: secret.arn,
            Name: secret.name,
            SecretString: secret.value,
            VersionId: secret.versionId,
            VersionStages: ["AWSCURRENT"],
            CreatedDate: Date.now() / 1000,
          },
          "application/x-amz-json-1.1",
        );
        return;
      }
      if (target === "GraniteServiceVersion20100801.PutMetricData") {
        recordCall(dir, "sdk cloudwatch PutMetricData");
        reply(200, {}, "application/x-amz-json-1.0");
        return;
      }
      recordCall(dir, `sdk refused ${target || req.url}`);
      reply(
        400,
        { __type: "UnknownOperationException", message: `not answered in the rehearsal: ${target}` },
        "application/x-amz-json-1.1",
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
