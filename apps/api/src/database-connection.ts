import { readFileSync } from "node:fs";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { DatabaseConfig, DatabaseCredentialsProvider } from "@ticketing/reservation";
import { sqljs } from "@ticketing/reservation/sqljs";
import { ConfigError, type ApiConfig } from "./config.js";

/** The slice of the Secrets Manager client the provider calls. */
export type SecretReader = Pick<SecretsManagerClient, "send">;

/**
 * Database credentials from a Secrets Manager secret in the RDS format (JSON with `username` and `password`), read
 * on each call: the engine calls it at start and again when the database refuses the login.
 */
export function secretCredentials(
  secretId: string,
  client: SecretReader = new SecretsManagerClient({}),
): DatabaseCredentialsProvider {
  return async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    let parsed: unknown;
    try {
      parsed = JSON.parse(SecretString ?? "");
    } catch {
      parsed = undefined;
    }
    const { username, password } = (parsed ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== "string" || typeof password !== "string" || !username || !password)
      throw new ConfigError([`DATABASE_SECRET_ARN ${secretId} is not JSON with a username and a password`]);
    return { user: username, password };
  };
}

/** The engine's database settings: the embedded sql.js file, or MySQL with TLS with the configured CA bundle, credentials from the configured secret. */
export function engineDatabase(database: ApiConfig["database"], client?: SecretReader): DatabaseConfig {
  if (database.type === "embedded") return sqljs({ file: database.file });
  const { caFile, secretArn, ...rest } = database;
  return {
    ...rest,
    ...(caFile ? { tls: { ca: readFileSync(caFile) } } : {}),
    ...(secretArn ? { credentials: secretCredentials(secretArn, client) } : {}),
  };
}
