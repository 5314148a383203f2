import { App } from "cdktn";
import { deploymentConfig } from "./config.js";
import { backendFromEnv, TicketingStack } from "./stacks.js";

// Synthesizes both environments into cdktf.out/stacks/{dev,prod}/cdk.tf.json; configuration comes from a JSON file
// (TICKETING_CONFIG) and the environment, so CI and laptops share one entry point without editing code.
const env = process.env;
const { config, source } = deploymentConfig(env);
if (config.example) {
  console.warn(
    `Synthesizing with EXAMPLE values from ${source}: the prod stack has a placeholder certificate and recipient and is not for deployment.`,
  );
}
const app = new App({ outdir: env["CDKTF_OUTDIR"] ?? "cdktf.out" });
const backend = backendFromEnv(env);
const common = { region: config.region, backend, example: config.example };
new TicketingStack(app, "dev", {
  ...common,
  preset: "dev",
  platform: { alarmEmails: config.alarmEmails, certificateArn: config.devCertificateArn },
});
new TicketingStack(app, "prod", {
  ...common,
  preset: "prod",
  platform: {
    alarmEmails: config.alarmEmails,
    certificateArn: config.prodCertificateArn,
    openings: config.openings,
  },
});
app.synth();
