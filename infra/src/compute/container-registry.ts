import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktn/provider-aws/lib/ecr-lifecycle-policy/index.js";
import { EcrRepository } from "@cdktn/provider-aws/lib/ecr-repository/index.js";
import { assertInt, assertMatches } from "../validate.js";

export interface ContainerRegistryProps {
  /** Repository name. @default "ticketing/api" */
  readonly repositoryName?: string;
  /** `IMMUTABLE` makes a pushed tag point at one image forever (CKV_AWS_51); deploy by tag, not `latest`. @default "IMMUTABLE" */
  readonly imageTagMutability?: "MUTABLE" | "IMMUTABLE";
  /** Tagged images kept; older ones expire. @default 30 */
  readonly keepTaggedImages?: number;
  /** Days before untagged images expire. @default 7 */
  readonly untaggedExpireDays?: number;
  /** KMS key; `undefined` uses AES256. @default undefined */
  readonly kmsKeyArn?: string;
  /** Let `terraform destroy` delete a repository that still holds images. @default false */
  readonly forceDelete?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** ECR repository for the app image: scan on push, encrypted, lifecycle policy bounding how many images are kept. */
export class ContainerRegistry extends Construct {
  readonly repository: EcrRepository;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const repositoryName = props.repositoryName ?? "ticketing/api";
    assertMatches(
      path,
      "repositoryName",
      repositoryName,
      /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
      "a valid ECR repository name",
    );
    assertInt(path, "keepTaggedImages", props.keepTaggedImages, 1, 10_000);
    assertInt(path, "untaggedExpireDays", props.untaggedExpireDays, 1);

    this.repository = new EcrRepository(this, "repository", {
      name: repositoryName,
      imageTagMutability: props.imageTagMutability ?? "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: props.kmsKeyArn
        ? [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }]
        : [{ encryptionType: "AES256" }],
      forceDelete: props.forceDelete ?? false,
      tags: props.tags,
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${props.untaggedExpireDays ?? 7} days`,
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: props.untaggedExpireDays ?? 7,
            },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the ${props.keepTaggedImages ?? 30} most recent images`,
            selection: {
              tagStatus: "any",
              countType: "imageCountMoreThan",
              countNumber: props.keepTaggedImages ?? 30,
            },
            action: { type: "expire" },
          },
        ],
      }),
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.repositoryName = this.repository.name;
  }
}
