import { ContainerRegistry } from "../../src/compute/container-registry.js";
import { only, synth, testStack } from "../helpers/synth.js";

describe("ContainerRegistry", () => {
  test("with minimal props scans on push, keeps tags immutable and bounds how many images are kept", () => {
    const stack = testStack();
    const registry = new ContainerRegistry(stack, "ecr");
    const s = synth(stack);
    expect(only(s, "aws_ecr_repository")).toMatchObject({
      name: "ticketing/api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "AES256" }],
      force_delete: false,
    });
    const policy = JSON.parse(String(only(s, "aws_ecr_lifecycle_policy")["policy"]));
    expect(policy.rules.map((r: { selection: unknown }) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
    ]);
    expect(registry.repositoryUrl).toBeDefined();
  });

  test("with maximal props uses every setting", () => {
    const stack = testStack();
    new ContainerRegistry(stack, "ecr", {
      repositoryName: "shop/web",
      imageTagMutability: "MUTABLE",
      keepTaggedImages: 5,
      untaggedExpireDays: 1,
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
      forceDelete: true,
      tags: { Team: "x" },
    });
    const s = synth(stack);
    expect(only(s, "aws_ecr_repository")).toMatchObject({
      name: "shop/web",
      image_tag_mutability: "MUTABLE",
      encryption_configuration: [
        { encryption_type: "KMS", kms_key: "arn:aws:kms:ap-northeast-2:123456789012:key/k" },
      ],
      force_delete: true,
    });
    expect(String(only(s, "aws_ecr_lifecycle_policy")["policy"])).toContain('"countNumber":5');
  });

  test.each([
    ["an upper-case name", { repositoryName: "Shop/Web" }],
    ["keeping no images", { keepTaggedImages: 0 }],
  ])("refuses %s with E_INVALID_PROP", (_case, props) => {
    expect(() => new ContainerRegistry(testStack(), "ecr", props)).toThrow(
      expect.objectContaining({ code: "E_INVALID_PROP" }),
    );
  });
});
