import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deploymentConfig } from "../../src/app/config.js";

describe("deploymentConfig", () => {
  test("reads the file TICKETING_CONFIG names, and the environment wins over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "infra-config-"));
    try {
      const file = join(dir, "config.json");
      writeFileSync(
        file,
        JSON.stringify({
          example: true,
          certificateArn: "arn:aws:acm:r:1:certificate/file",
          alarmEmails: ["file@example.com"],
          openings: [{ at: "2099-03-06T19:00:00+09:00", expectedBuyers: 5 }],
        }),
      );
      const { config, source } = deploymentConfig({
        TICKETING_CONFIG: file,
        TICKETING_ALARM_EMAILS: "a@example.com, b@example.com",
      });
      expect(source).toBe(file);
      expect(config).toEqual({
        example: true,
        region: "ap-northeast-2",
        alarmEmails: ["a@example.com", "b@example.com"],
        devCertificateArn: undefined,
        prodCertificateArn: "arn:aws:acm:r:1:certificate/file",
        openings: [{ at: "2099-03-06T19:00:00+09:00", expectedBuyers: 5 }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("is not an example unless it says so, and refuses an unreadable file with E_INVALID_PROP", () => {
    expect(deploymentConfig({}).config.example).toBe(false);
    expect(() => deploymentConfig({ TICKETING_CONFIG: "/nonexistent.json" })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP", prop: "TICKETING_CONFIG" }),
    );
  });
});
