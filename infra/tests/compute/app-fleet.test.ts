import { AppFleet, isArmInstanceType } from "../../src/compute/app-fleet.js";
import { dataSources, only, resources, synth, testStack } from "../helpers/synth.js";

const base = {
  subnetIds: ["subnet-a", "subnet-b"],
  securityGroupIds: ["sg-app"],
  repositoryUrl: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ticketing/api",
  repositoryArn: "arn:aws:ecr:ap-northeast-2:123456789012:repository/ticketing/api",
  targetGroupArns: ["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/app/1"],
};

type Statement = { sid: string; actions: string[]; resources: string[]; condition?: unknown[] };

describe("AppFleet", () => {
  const stack = testStack();
  const fleet = new AppFleet(stack, "fleet", {
    ...base,
    environment: { DB_HOST: "db.example" },
    secrets: {
      DB_PASSWORD: {
        secretArn: "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:db",
        jsonKey: "password",
        uriEncode: true,
      },
    },
    derivedEnvironment: { DATABASE_URL: "mysql://app:$DB_PASSWORD@$DB_HOST:3306/ticketing" },
  });
  const s = synth(stack);
  const template = only(s, "aws_launch_template");

  test("requires IMDSv2 and encrypts the root volume", () => {
    expect(template["metadata_options"]).toMatchObject({
      http_tokens: "required",
      http_endpoint: "enabled",
      http_put_response_hop_limit: 2,
    });
    expect(template["block_device_mappings"]).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: { volume_size: 20, volume_type: "gp3", encrypted: "true", delete_on_termination: "true" },
      },
    ]);
    expect(template["image_id"]).toBe(
      "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
  });

  test("runs 2–20 instances in the private subnets, replaced on failed ELB health checks", () => {
    expect(only(s, "aws_autoscaling_group")).toMatchObject({
      min_size: 2,
      max_size: 20,
      desired_capacity: 2,
      vpc_zone_identifier: ["subnet-a", "subnet-b"],
      health_check_type: "ELB",
      health_check_grace_period: 300,
      target_group_arns: base.targetGroupArns,
    });
    expect(fleet.capacity).toEqual({ min: 2, max: 20, desired: 2 });
  });

  test("finding 5: a new launch template version starts an instance refresh that keeps full capacity", () => {
    const group = only(s, "aws_autoscaling_group");
    const templateName = resources(s, "aws_launch_template")[0]?.name;
    // The provider starts no refresh for "$Latest": the group must name the version itself.
    expect(group["launch_template"]).toEqual({
      id: `\${aws_launch_template.${templateName}.id}`,
      version: `\${aws_launch_template.${templateName}.latest_version}`,
    });
    expect(group["instance_refresh"]).toEqual({
      strategy: "Rolling",
      preferences: { min_healthy_percentage: 100, max_healthy_percentage: 200, skip_matching: true },
    });
  });

  test("an instance enters service only once its app is live: a launch hook the boot script's unit completes", () => {
    expect(only(s, "aws_autoscaling_group")["initial_lifecycle_hook"]).toEqual([
      {
        name: "ticketing-app-live",
        lifecycle_transition: "autoscaling:EC2_INSTANCE_LAUNCHING",
        heartbeat_timeout: 600,
        default_result: "ABANDON",
      },
    ]);
    expect(fleet.launchHookName).toBe("ticketing-app-live");
    const userData = String(template["user_data"]);
    expect(userData).toContain("systemctl enable --now ticketing-ready.service");
    expect(userData).toContain("aws autoscaling complete-lifecycle-action");
    expect(userData).toContain('LIVENESS_PATH=\'", "/api/health/live');
  });

  test("finding 11: the agent can name its Auto Scaling group (DescribeTags and tags in the metadata)", () => {
    const doc = dataSources(s, "aws_iam_policy_document")[0]?.config as { statement: Statement[] };
    expect(doc.statement.find((st) => st.sid === "OwnTags")).toEqual({
      sid: "OwnTags",
      actions: ["ec2:DescribeTags"],
      resources: ["*"],
    });
    expect(template["metadata_options"]).toMatchObject({ instance_metadata_tags: "enabled" });
  });

  test("finding 11: IAM names carry the region, so the same stack in two regions does not collide", () => {
    const region = `\${data.aws_region.${dataSources(s, "aws_region")[0]?.name}.region}`;
    expect(only(s, "aws_iam_role")["name"]).toBe(`ticketing-app-${region}`);
    expect(only(s, "aws_iam_instance_profile")["name"]).toBe(`ticketing-app-${region}`);
  });

  test("grants ECR pull, its own logs, metrics, and reading only its own parameters and secrets", () => {
    const doc = dataSources(s, "aws_iam_policy_document")[0]?.config as { statement: Statement[] };
    const bySid = Object.fromEntries(doc.statement.map((st) => [st.sid, st]));
    expect(bySid["EcrPull"]?.resources).toEqual([base.repositoryArn]);
    expect(bySid["EcrAuth"]?.actions).toEqual(["ecr:GetAuthorizationToken"]);
    expect(bySid["OwnSecrets"]).toEqual({
      sid: "OwnSecrets",
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:db"],
    });
    expect(bySid["Metrics"]?.condition).toEqual([
      { test: "StringEquals", variable: "cloudwatch:namespace", values: ["Ticketing", "CWAgent"] },
    ]);
    expect(bySid["OwnParameters"]?.resources.every((r) => r.includes("parameter/ticketing/app"))).toBe(true);
    for (const st of doc.statement) {
      const wildcard = st.resources.includes("*");
      // The only actions without resource-level permissions.
      expect(wildcard ? ["EcrAuth", "Metrics", "OwnTags"] : [st.sid]).toContain(st.sid);
      expect(st.actions.some((a) => a.endsWith(":*") || a === "*")).toBe(false);
    }
    expect(resources(s, "aws_iam_role_policy_attachment")).toHaveLength(0);
  });

  test("keeps plain config in SSM, leaving image-tag changes made by deploys alone", () => {
    const params = resources(s, "aws_ssm_parameter").map((r) => r.config);
    expect(params.map((p) => p["name"]).sort()).toEqual([
      "/ticketing/app/DB_HOST",
      "/ticketing/app/IMAGE_TAG",
    ]);
    const tag = params.find((p) => p["name"] === "/ticketing/app/IMAGE_TAG");
    expect(tag).toMatchObject({ type: "String", value: "latest", lifecycle: { ignore_changes: ["value"] } });
  });

  test("boots Docker, reads config and secrets, and runs the image with logs shipped to CloudWatch", () => {
    const userData = String(template["user_data"]);
    expect(userData.startsWith("${base64encode(join(")).toBe(true);
    for (const fragment of [
      "dnf install -y docker",
      "aws ssm get-parameters-by-path",
      "SECRET_DB_PASSWORD=",
      "jq -r '.password | @uri'",
      "DATABASE_URL=mysql://app:$DB_PASSWORD@$DB_HOST:3306/ticketing",
      "aws ecr get-login-password",
      "docker pull",
      "--log-driver awslogs",
      "X-aws-ec2-metadata-token",
    ]) {
      expect(userData).toContain(fragment.replaceAll('"', '\\"'));
    }
    expect(userData).toContain("aws_cloudwatch_log_group.");
  });

  test("with maximal props uses every setting", () => {
    const stack2 = testStack();
    new AppFleet(stack2, "fleet", {
      ...base,
      name: "shop",
      instanceType: "t4g.small",
      rootVolumeGiB: 30,
      capacity: { min: 1, max: 3 },
      appPort: 3000,
      imageTag: "v1.2.3",
      policyStatements: [
        { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:ap-northeast-2:123456789012:q"] },
      ],
      sessionManager: true,
      logRetentionDays: 90,
      healthCheckGracePeriodSeconds: 120,
      metadataHopLimit: 1,
      caBundle: { url: "https://truststore.example/bundle.pem", environmentVariable: "DB_CA" },
      livenessPath: "/live",
      launchTimeoutSeconds: 300,
      instanceWarmupSeconds: 30,
      warmPool: { minSize: 1, maxPreparedCapacity: 3, state: "Hibernated" },
      tags: { Team: "x" },
    });
    const s2 = synth(stack2);
    const lt = only(s2, "aws_launch_template");
    expect(lt["image_id"]).toBe(
      "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    );
    expect(lt["metadata_options"]).toMatchObject({ http_put_response_hop_limit: 1, http_tokens: "required" });
    expect(only(s2, "aws_autoscaling_group")).toMatchObject({
      min_size: 1,
      max_size: 3,
      desired_capacity: 1,
      health_check_grace_period: 120,
      default_instance_warmup: 30,
      warm_pool: {
        pool_state: "Hibernated",
        min_size: 1,
        max_group_prepared_capacity: 3,
        instance_reuse_policy: { reuse_on_scale_in: true },
      },
    });
    const userData2 = String(lt["user_data"]);
    expect(userData2).toContain('echo \\"DB_CA=$CA_FILE\\" >> \\"$ENV_FILE\\"');
    expect(userData2).toContain('LIVENESS_PATH=\'", "/live');
    expect(only(s2, "aws_iam_role_policy_attachment")["policy_arn"]).toContain(
      "AmazonSSMManagedInstanceCore",
    );
    expect(only(s2, "aws_cloudwatch_log_group")).toMatchObject({ name: "/shop/app", retention_in_days: 90 });
    expect(only(s2, "aws_ssm_parameter")["value"]).toBe("v1.2.3");
  });

  test("detects Graviton instance types", () => {
    expect(["t4g.micro", "c7g.large", "m7gd.xlarge", "a1.medium"].every(isArmInstanceType)).toBe(true);
    expect(["t3.micro", "c6i.large", "g5.xlarge", "r7iz.large"].some(isArmInstanceType)).toBe(false);
  });

  test.each([
    ["min above max", { capacity: { min: 5, max: 2 } }, "E_CAPACITY_RANGE"],
    ["desired above max", { capacity: { min: 1, max: 2, desired: 3 } }, "E_CAPACITY_RANGE"],
    ["a negative min", { capacity: { min: -1, max: 2 } }, "E_CAPACITY_RANGE"],
    ["a zero max", { capacity: { min: 0, max: 0 } }, "E_CAPACITY_RANGE"],
    ["a lower-case variable", { environment: { db_host: "x" } }, "E_INVALID_PROP"],
    [
      "a variable defined twice",
      { environment: { A: "1" }, secrets: { A: { secretArn: "arn" } } },
      "E_INVALID_PROP",
    ],
    ["a derived value with ${", { derivedEnvironment: { A: "${B}" } }, "E_INVALID_PROP"],
    ["a bad image tag", { imageTag: "-bad" }, "E_INVALID_PROP"],
    ["a hop limit of 3", { metadataHopLimit: 3 }, "E_INVALID_PROP"],
    [
      "a CA bundle over plain HTTP",
      { caBundle: { url: "http://x/b.pem", environmentVariable: "CA" } },
      "E_INVALID_PROP",
    ],
    ["a relative liveness path", { livenessPath: "health" }, "E_INVALID_PROP"],
    ["a negative warm pool", { warmPool: { minSize: -1 } }, "E_INVALID_PROP"],
  ])("refuses %s with %s", (_case, props, code) => {
    expect(() => new AppFleet(testStack(), "fleet", { ...base, ...(props as object) })).toThrow(
      expect.objectContaining({ code }),
    );
  });
});
