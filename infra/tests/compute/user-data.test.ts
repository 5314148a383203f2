import { renderUserData, userDataParts } from "../../src/compute/user-data.js";

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
