import { type App, TerraformStack, Testing } from "cdktn";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider/index.js";
import { TicketingStack, type TicketingStackProps } from "../../src/app/stacks.js";
import { type PresetName } from "../../src/presets.js";
import { TERRAFORM_TARGET_VERSIONS } from "../../src/versions.js";

/** One resource (or data source) of a synthesized stack: its logical name and its configuration. */
export interface Block {
  readonly name: string;
  readonly config: Record<string, unknown>;
}

/** The synthesized Terraform JSON of a stack. */
export interface Synthesized {
  readonly text: string;
  readonly json: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

export function testApp(): App {
  return Testing.app({ context: { targetVersions: TERRAFORM_TARGET_VERSIONS } });
}

/** A stack with just an AWS provider, to put one construct in. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-2" });
  return stack;
}

/** Synthesizes with cdktn's validations (ephemeral/write-only target checks, ...) switched on. */
export function synth(stack: TerraformStack): Synthesized {
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) };
}

export function resources(s: Synthesized, type: string): Block[] {
  return Object.entries(s.json["resource"]?.[type] ?? {}).map(([name, config]) => ({ name, config }));
}

export function dataSources(s: Synthesized, type: string): Block[] {
  return Object.entries(s.json["data"]?.[type] ?? {}).map(([name, config]) => ({ name, config }));
}

/** The only resource of `type`; fails the test when there are none or several. */
export function only(s: Synthesized, type: string): Record<string, unknown> {
  const all = resources(s, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return (all[0] as Block).config;
}

/** The resource of `type` whose logical name contains `fragment`. */
export function named(s: Synthesized, type: string, fragment: string): Record<string, unknown> {
  const match = resources(s, type).filter((r) => r.name.includes(fragment));
  if (match.length !== 1) throw new Error(`expected one ${type} named *${fragment}*, found ${match.length}`);
  return (match[0] as Block).config;
}

/** `${aws_x.name.attr}` → "aws_x.name": the resource an interpolation points at. */
export function ref(type: string, block: Block | string): string {
  const name = typeof block === "string" ? block : block.name;
  return `${type}.${name}`;
}

export const TEST_CERTIFICATE_ARN =
  "arn:aws:acm:ap-northeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000000";

/** One opening on the sale calendar, far enough ahead never to be past. */
export const TEST_OPENING = { at: "2099-03-06T19:00:00+09:00", expectedBuyers: 50_000 };

/**
 * The deployable stack for a preset, as the app builds it, with an S3 backend, a certificate, an alert e-mail and one
 * opening.
 */
export function synthFullStack(
  preset: PresetName,
  overrides: Partial<TicketingStackProps> = {},
): Synthesized {
  const stack = new TicketingStack(testApp(), preset, {
    preset,
    backend: { type: "s3", bucket: "ticketing-tfstate-test" },
    platform: {
      alarmEmails: ["oncall@example.com"],
      certificateArn: TEST_CERTIFICATE_ARN,
      openings: [TEST_OPENING],
    },
    ...overrides,
  });
  return synth(stack);
}
