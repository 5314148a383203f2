import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket/index.js";
import { LoadBalancer } from "../../src/compute/load-balancer.js";
import { only, resources, synth, testStack, TEST_CERTIFICATE_ARN } from "../helpers/synth.js";

const base = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-alb"] };

describe("LoadBalancer", () => {
  test("with minimal props is a public ALB that drops invalid headers and forwards HTTP to the app", () => {
    const stack = testStack();
    const lb = new LoadBalancer(stack, "lb", base);
    const s = synth(stack);
    expect(only(s, "aws_lb")).toMatchObject({
      internal: false,
      load_balancer_type: "application",
      subnets: ["subnet-a", "subnet-b"],
      security_groups: ["sg-alb"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
    expect(only(s, "aws_lb_target_group")).toMatchObject({
      port: 8080,
      protocol: "HTTP",
      // Liveness, never the deep check: the Auto Scaling group replaces instances that fail this (finding 2).
      health_check: { path: "/api/health/live", port: "8080", matcher: "200" },
    });
    const listener = only(s, "aws_lb_listener");
    expect(listener).toMatchObject({ port: 80, protocol: "HTTP" });
    expect((listener["default_action"] as { type: string }[])[0]?.type).toBe("forward");
    expect(lb.httpsEnabled).toBe(false);
  });

  test("with a certificate serves HTTPS on 443 and redirects HTTP with a 301", () => {
    const stack = testStack();
    const bucket = new S3Bucket(stack, "logs", { bucket: "logs" });
    new LoadBalancer(stack, "lb", {
      ...base,
      name: "shop",
      appPort: 3000,
      healthCheckPath: "/healthz",
      certificateArn: TEST_CERTIFICATE_ARN,
      sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
      accessLogs: { bucketName: "logs", prefix: "alb", dependsOn: [bucket] },
      deletionProtection: false,
      idleTimeoutSeconds: 120,
      deregistrationDelaySeconds: 10,
      tags: { Team: "x" },
    });
    const s = synth(stack);
    const listeners = resources(s, "aws_lb_listener").map((r) => r.config);
    const https = listeners.find((l) => l["port"] === 443);
    const http = listeners.find((l) => l["port"] === 80);
    expect(https).toMatchObject({
      protocol: "HTTPS",
      certificate_arn: TEST_CERTIFICATE_ARN,
      ssl_policy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
    });
    expect(http?.["default_action"]).toEqual([
      { type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } },
    ]);
    expect(only(s, "aws_lb")).toMatchObject({
      name: "shop-alb",
      access_logs: { bucket: "logs", prefix: "alb", enabled: true },
      depends_on: ["aws_s3_bucket.logs"],
      idle_timeout: 120,
      enable_deletion_protection: false,
    });
    expect(only(s, "aws_lb_target_group")).toMatchObject({
      port: 3000,
      deregistration_delay: "10",
      health_check: { path: "/healthz", port: "3000" },
    });
  });

  test.each([
    ["a relative health check path", { healthCheckPath: "api/health" }],
    [
      "a certificate that is not from ACM",
      { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" },
    ],
    ["one subnet", { subnetIds: ["subnet-a"] }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new LoadBalancer(testStack(), "lb", { ...base, ...props })).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
