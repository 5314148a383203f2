import { App } from "cdktn";
import { backendFromEnv, TicketingStack } from "./stacks.js";

// Synthesizes both environments into cdktf.out/stacks/{dev,prod}/cdk.tf.json; configuration comes from the environment
// so CI and laptops share one entry point without editing code.
const env = process.env;
const app = new App({ outdir: env["CDKTF_OUTDIR"] ?? "cdktf.out" });
const region = env["TICKETING_REGION"] ?? env["AWS_REGION"] ?? "ap-northeast-2";
const backend = backendFromEnv(env);
const alarmEmails = (env["TICKETING_ALARM_EMAILS"] ?? "")
  .split(",")
  .map((e) => e.trim())
  .filter(Boolean);

new TicketingStack(app, "dev", {
  preset: "dev",
  region,
  backend,
  platform: { alarmEmails, certificateArn: env["TICKETING_DEV_CERTIFICATE_ARN"] || undefined },
});
new TicketingStack(app, "prod", {
  preset: "prod",
  region,
  backend,
  platform: { alarmEmails, certificateArn: env["TICKETING_PROD_CERTIFICATE_ARN"] || undefined },
});
app.synth();
