import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { engineDatabase, secretCredentials } from "../src/database-connection.js";

// A Secrets Manager endpoint of the test's own (GetSecretValue over the AWS JSON protocol), so the real SDK client
// makes real requests.
const secrets = new Map<string, string>();
let server: Server;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const value = secrets.get(SecretId);
      res.writeHead(value === undefined ? 400 : 200, { "content-type": "application/x-amz-json-1.1" });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: "ResourceNotFoundException", message: "not found" }
            : { ARN: SecretId, Name: SecretId, SecretString: value },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new SecretsManagerClient({
    region: "ap-northeast-2",
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});
afterAll(async () => {
  client?.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("secretCredentials", () => {
  test("reads the user and password on every call, so a rotated password is picked up", async () => {
    secrets.set(
      "app-user",
      JSON.stringify({ username: "ticketing_app", password: "first", engine: "mysql" }),
    );
    const credentials = secretCredentials("app-user", client);
    expect(await credentials()).toEqual({ user: "ticketing_app", password: "first" });
    secrets.set("app-user", JSON.stringify({ username: "ticketing_app", password: "rotated" }));
    expect(await credentials()).toEqual({ user: "ticketing_app", password: "rotated" });
  });

  test.each([
    ["not JSON", "hunter2"],
    ["no password", JSON.stringify({ username: "app" })],
    ["an empty user", JSON.stringify({ username: "", password: "p" })],
  ])("refuses a secret that is %s with E_CONFIG", async (_case, value) => {
    secrets.set("bad", value);
    await expect(secretCredentials("bad", client)()).rejects.toMatchObject({
      code: "E_CONFIG",
      problems: ["DATABASE_SECRET_ARN bad is not JSON with a username and a password"],
    });
  });

  test("passes on Secrets Manager's own refusal", async () => {
    await expect(secretCredentials("missing", client)()).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});

describe("engineDatabase", () => {
  test("gives the engine the CA bundle's certificates and a credentials provider instead of the paths", async () => {
    secrets.set("app-user", JSON.stringify({ username: "ticketing_app", password: "p" }));
    const database = engineDatabase(
      {
        type: "mysql",
        url: "mysql://db:3306/ticketing",
        poolSize: 5,
        caFile: __filename,
        secretArn: "app-user",
      },
      client,
    );
    expect(database).toEqual({
      type: "mysql",
      url: "mysql://db:3306/ticketing",
      poolSize: 5,
      tls: { ca: readFileSync(__filename) },
      credentials: expect.any(Function),
    });
    expect(database.type === "mysql" && (await database.credentials?.())).toEqual({
      user: "ticketing_app",
      password: "p",
    });
  });

  test("opens an embedded database with sql.js, in the configured file", () => {
    expect(engineDatabase({ type: "embedded", file: "db.sqlite" })).toEqual({
      type: "sqljs",
      file: "db.sqlite",
      load: expect.any(Function),
    });
  });
});
