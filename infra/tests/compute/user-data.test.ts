import {
  APP_CONFIGURATION_BEGIN,
  APP_CONFIGURATION_END,
  renderUserData,
  userDataParts,
} from "../../src/compute/user-data.js";

const input = {
  region: "ap-northeast-2",
  repositoryUrl: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ticketing/api",
  parameterPath: "/ticketing/app",
  secrets: {
    DB_PASSWORD: { secretArn: "arn:db", jsonKey: "password", uriEncode: true },
    REDIS_PASSWORD: { secretArn: "arn:redis", uriEncode: true },
    JWT_SECRET: { secretArn: "arn:jwt" },
  },
  derived: { REDIS_URL: "rediss://:$REDIS_PASSWORD@$REDIS_HOST:6379" },
  logGroupName: "/ticketing/app",
  appPort: 8080,
  containerName: "ticketing-app",
};

describe("renderUserData", () => {
  const script = renderUserData(input);

  test("starts with a shebang and assigns every input before the static body", () => {
    const lines = script.split("\n");
    expect(lines[0]).toBe("#!/bin/bash");
    expect(lines.slice(1, 7)).toEqual([
      "REGION='ap-northeast-2'",
      "REPOSITORY='123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ticketing/api'",
      "PARAM_PATH='/ticketing/app'",
      "LOG_GROUP='/ticketing/app'",
      "APP_PORT='8080'",
      "CONTAINER='ticketing-app'",
    ]);
    expect(script).toContain("SECRET_DB_PASSWORD='arn:db'");
  });

  test("reads each secret the way it is declared: a JSON key, URI-encoded, or as-is", () => {
    expect(script).toContain(`DB_PASSWORD=$(secret "$SECRET_DB_PASSWORD" | jq -r '.password | @uri')`);
    expect(script).toContain(`REDIS_PASSWORD=$(secret "$SECRET_REDIS_PASSWORD" | jq -Rr '@uri')`);
    expect(script).toContain(`JWT_SECRET=$(secret "$SECRET_JWT_SECRET");`);
    expect(script).toContain(`echo "REDIS_URL=rediss://:$REDIS_PASSWORD@$REDIS_HOST:6379" >> "$ENV_FILE"`);
  });

  test("keeps the static body free of inputs, so only the assignments carry Terraform tokens", () => {
    const { script: body } = userDataParts(input);
    for (const value of ["ap-northeast-2", "arn:db", "/ticketing/app'", "dkr.ecr"])
      expect(body).not.toContain(value);
    expect(body).not.toContain("\\");
    expect(body).toContain("set -euo pipefail");
  });
});

describe("userDataParts", () => {
  const withEverything = {
    ...input,
    caBundle: { url: "https://truststore.example/bundle.pem", environmentVariable: "DATABASE_CA_FILE" },
    launchHook: { name: "ticketing-app-live", autoScalingGroupName: "ticketing-app" },
  };

  test("marks the app-configuration part, which writes the env file and fetches the CA bundle", () => {
    const { script } = userDataParts(withEverything);
    const lines = script.split("\n");
    const part = lines.slice(
      lines.indexOf(APP_CONFIGURATION_BEGIN),
      lines.indexOf(APP_CONFIGURATION_END) + 1,
    );
    expect(part.length).toBeGreaterThan(5);
    expect(part).toContain('ENV_FILE="$CONFIG_DIR/app.env"');
    expect(part).toContain('curl -fsS --retry 5 --proto-redir =https -o "$CA_FILE" "$CA_BUNDLE_URL"');
    expect(part).toContain('echo "DATABASE_CA_FILE=$CA_FILE" >> "$ENV_FILE"');
    // Nothing that needs Docker, the instance metadata or ECR inside the part a rehearsal runs.
    expect(part.join("\n")).not.toMatch(/\bdocker\b|169\.254|\becr\b/);
  });

  test("mounts the CA bundle read-only at the same path and completes the launch hook once live", () => {
    const { script, variables } = userDataParts(withEverything);
    expect(script).toContain('--env-file "$ENV_FILE" -v "$CA_FILE:$CA_FILE:ro"');
    expect(script).toContain("EnvironmentFile=/etc/ticketing-ready.env");
    expect(script).toContain('--lifecycle-action-result "$RESULT"');
    expect(Object.fromEntries(variables)).toMatchObject({
      CONFIG_DIR: "/etc/ticketing",
      CA_BUNDLE_URL: "https://truststore.example/bundle.pem",
      ASG_NAME: "ticketing-app",
      LAUNCH_HOOK: "ticketing-app-live",
      LIVENESS_PATH: "/api/health/live",
    });
  });

  test("leaves out the bundle and the hook when they are not asked for", () => {
    const { script, variables } = userDataParts(input);
    expect(script).not.toContain("CA_FILE");
    expect(script).not.toContain("complete-lifecycle-action");
    expect(variables.map(([k]) => k)).not.toContain("CA_BUNDLE_URL");
  });
});
