import { readFileSync } from "node:fs";
import type { Opening } from "../compute/prewarm.js";
import { InvalidPropError } from "../errors.js";

/** What an operator decides per deployment; everything else comes from the presets. */
export interface DeploymentConfig {
  /** Synthesized to be read, not deployed: prod may then lack a certificate, a recipient and remote state. */
  readonly example: boolean;
  readonly region: string;
  readonly alarmEmails: readonly string[];
  readonly devCertificateArn: string | undefined;
  readonly prodCertificateArn: string | undefined;
  readonly openings: readonly Opening[];
}

/**
 * Reads the deployment's configuration: the JSON file `TICKETING_CONFIG` names (if any), then the environment, which
 * wins. The file may set `example`, `region`, `alarmEmails`, `certificateArn` (prod), `devCertificateArn` and
 * `openings`.
 */
export function deploymentConfig(env: Readonly<Record<string, string | undefined>>): {
  config: DeploymentConfig;
  source: string;
} {
  const file = env["TICKETING_CONFIG"] || undefined;
  let json: Record<string, unknown> = {};
  if (file) {
    try {
      json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidPropError("app", "TICKETING_CONFIG", file, "must name a readable JSON file", {
        cause: error,
      });
    }
  }
  const list = (value: string | undefined) =>
    value === undefined
      ? undefined
      : value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean);
  const text = (key: string) => (typeof json[key] === "string" ? (json[key] as string) : undefined);
  const config: DeploymentConfig = {
    example: json["example"] === true || env["TICKETING_EXAMPLE"] === "true",
    region: env["TICKETING_REGION"] || env["AWS_REGION"] || text("region") || "ap-northeast-2",
    alarmEmails:
      list(env["TICKETING_ALARM_EMAILS"]) ??
      (Array.isArray(json["alarmEmails"]) ? (json["alarmEmails"] as string[]) : []),
    devCertificateArn: env["TICKETING_DEV_CERTIFICATE_ARN"] || text("devCertificateArn"),
    prodCertificateArn: env["TICKETING_PROD_CERTIFICATE_ARN"] || text("certificateArn"),
    openings: Array.isArray(json["openings"]) ? (json["openings"] as Opening[]) : [],
  };
  return { config, source: file ?? "the environment" };
}
