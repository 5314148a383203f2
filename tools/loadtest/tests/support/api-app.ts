import { resolve } from "node:path";
import { freePort } from "@ticketing/testing";
import { AppInstance } from "../../src/chaos/app-instance.ts";

const apiMain = resolve(__dirname, "../../../../apps/api/dist/main.js");

/**
 * Starts the built apps/api on a free port, quiet and without the demo event, with `env` on top of this process's
 * environment (empty DATABASE_URL and REDIS_URL make it the embedded app). Stop it with `app.stop()`.
 */
export async function startApiApp(name: string, env: NodeJS.ProcessEnv): Promise<AppInstance> {
  const app = new AppInstance({
    name,
    main: apiMain,
    port: await freePort(),
    env: { ...process.env, LOG_LEVEL: "warn", SEED_DEMO_EVENT: "false", ...env },
    logFile: "/dev/null",
  });
  await app.start();
  return app;
}
