import { parseArgs } from "node:util";
import { signToken } from "./auth/sign-token.js";
import { ConfigError, loadConfig } from "./config.js";

const USAGE = `usage: npm run token -- --sub <user id> [--role user|admin] [--ttl <seconds>]
       npm run token -- --sub <prefix> --count <n>   one line "<prefix>1 <token>" … "<prefix>n <token>"`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: "string" },
      role: { type: "string", default: "user" },
      ttl: { type: "string", default: "3600" },
      count: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const ttl = Number(values.ttl);
  const count = values.count === undefined ? undefined : Number(values.count);
  if (
    !values.sub ||
    (values.role !== "user" && values.role !== "admin") ||
    !Number.isInteger(ttl) ||
    ttl < 1 ||
    (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 1_000_000))
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
  const { sub, role } = values;
  if (count === undefined) {
    process.stdout.write(`${await signToken({ userId: sub, role }, config.auth, ttl)}\n`);
    return;
  }
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    lines.push(`${sub}${i} ${await signToken({ userId: `${sub}${i}`, role }, config.auth, ttl)}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
