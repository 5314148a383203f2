import { SQSClient } from "@aws-sdk/client-sqs";
import type { Outbox } from "@ticketing/reservation";
import { createSqsRelay } from "@ticketing/reservation/sqs";
import type { Logger } from "pino";
import type { Metrics } from "./metrics/metrics.js";

export interface OutboxRelayHandle {
  /**
   * Stops the relay, then publishes what is left (what the last requests wrote, what SQS refused earlier), for at
   * most `drainMs`; anything still unpublished is sent by another instance's relay, or this one's after a restart.
   */
  stop(): Promise<void>;
}

export interface StartOutboxRelayOptions {
  readonly outbox: Outbox;
  readonly queueUrl: string;
  readonly logger: Pick<Logger, "warn" | "error" | "info">;
  /** Counts what SQS refused and the relay's database failures. @default none */
  readonly metrics?: Pick<Metrics, "outboxRefused" | "outboxError">;
  /** How long shutdown may spend publishing what is left. @default 3000 */
  readonly drainMs?: number;
}

/**
 * Publishes the engine's outbox to the SQS queue at `queueUrl` (region and credentials from the environment: the
 * instance role), from start until shutdown. The runtime loads this module (and with it the SQS SDK) only when a
 * queue is configured.
 */
export function startOutboxRelay(options: StartOutboxRelayOptions): OutboxRelayHandle {
  const client = new SQSClient({});
  const relay = createSqsRelay({ outbox: options.outbox, client, queueUrl: options.queueUrl });
  // Messages SQS refused wait out a backoff before they can be claimed again: a drain that finds nothing claimable
  // keeps trying for them.
  let refused = false;
  relay.on("relay:failed", ({ failures, throttled }) => {
    refused = true;
    options.metrics?.outboxRefused(failures.length);
    options.logger.warn(
      { failed: failures.length, throttled },
      "outbox: SQS refused messages; they are sent again",
    );
  });
  relay.on("relay:error", ({ error }) => {
    options.metrics?.outboxError();
    options.logger.error({ err: error }, "outbox: reading the outbox failed");
  });
  relay.start();
  return {
    async stop() {
      await relay.stop();
      // Requests have drained: what they committed is published now rather than by the next instance to start.
      const deadline = Date.now() + (options.drainMs ?? 3_000);
      try {
        while (Date.now() < deadline) {
          const { published, failed } = await relay.runOnce();
          if (published > 0 || failed > 0) continue;
          if (!refused) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        client.destroy();
      }
    },
  };
}
