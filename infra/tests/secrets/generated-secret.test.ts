import { TerraformStack, Testing } from "cdktn";
import { GeneratedSecret } from "../../src/secrets/generated-secret.js";
import { only, synth, testStack } from "../helpers/synth.js";

describe("GeneratedSecret", () => {
  test("stores a Secrets Manager-generated value through a write-only attribute", () => {
    const stack = testStack();
    const secret = new GeneratedSecret(stack, "jwt", { secretName: "app/jwt" });
    const s = synth(stack);
    const ephemeral =
      (s.json["ephemeral"] as Record<string, Record<string, Record<string, unknown>>>)[
        "aws_secretsmanager_random_password"
      ] ?? {};
    const [name, config] = Object.entries(ephemeral)[0] ?? [];
    expect(config).toMatchObject({ password_length: 64, exclude_punctuation: true, include_space: false });
    expect(only(s, "aws_secretsmanager_secret_version")).toMatchObject({
      secret_string_wo: `\${ephemeral.aws_secretsmanager_random_password.${name}.random_password}`,
      secret_string_wo_version: 1,
    });
    expect(only(s, "aws_secretsmanager_secret")).toMatchObject({
      name: "app/jwt",
      recovery_window_in_days: 7,
    });
    expect(secret.version).toBe(1);
  });

  test("generates a new value when the version is bumped", () => {
    const stack = testStack();
    new GeneratedSecret(stack, "jwt", {
      secretName: "app/jwt",
      version: 3,
      length: 32,
      recoveryWindowDays: 0,
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:1:key/k",
    });
    const s = synth(stack);
    expect(only(s, "aws_secretsmanager_secret_version")["secret_string_wo_version"]).toBe(3);
    expect(only(s, "aws_secretsmanager_secret")).toMatchObject({
      recovery_window_in_days: 0,
      kms_key_id: "arn:aws:kms:ap-northeast-2:1:key/k",
    });
  });

  test("refuses to synthesize for Terraform releases without ephemeral resources", () => {
    const stack = new TerraformStack(Testing.app(), "old");
    new GeneratedSecret(stack, "jwt", { secretName: "app/jwt" });
    expect(() => Testing.synth(stack, true)).toThrow(/ephemeral resources requires terraform >=1.10.0/);
  });

  test.each([
    ["a 15-character value", { length: 15 }],
    ["a 3-day recovery window", { recoveryWindowDays: 3 }],
    ["a name with spaces", { secretName: "app jwt" }],
    ["version 0", { version: 0 }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new GeneratedSecret(testStack(), "s", { secretName: "app/jwt", ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
