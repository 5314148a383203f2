import { parseArgs } from "node:util";
import { signToken } from "./auth/sign-token.js";
import { ConfigError, loadConfig } from "./config.js";

const USAGE = "usage: npm run token -- --sub <user id> [--role user|admin] [--ttl <seconds>]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: "string" },
      role: { type: "string", default: "user" },
      ttl: { type: "string", default: "3600" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const ttl = Number(values.ttl);
  if (
    !values.sub ||
    (values.role !== "user" && values.role !== "admin") ||
    !Number.isInteger(ttl) ||
    ttl < 1
  ) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const config = loadConfig();
  if (!config.auth.secret) {
    process.stderr.write(
      "JWKS_URL is configured: tokens come from your identity provider, not from this script.\n",
    );
    process.exit(64);
  }
  if (ttl > config.auth.maxLifetimeSeconds) {
    process.stderr.write(
      `--ttl ${ttl} is longer than the API accepts (JWT_MAX_LIFETIME_SECONDS=${config.auth.maxLifetimeSeconds})\n`,
    );
    process.exit(64);
  }
  if (config.auth.devSecret) process.stderr.write("warning: signed with the built-in development secret\n");
  process.stdout.write(`${await signToken({ userId: values.sub, role: values.role }, config.auth, ttl)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
