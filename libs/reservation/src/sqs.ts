import { OutboxRelay, type OutboxRelayOptions } from "./outbox/relay.js";
import { SqsPublisher, type SqsPublisherOptions } from "./outbox/sqs-publisher.js";

export { SqsPublisher, type SqsPublisherOptions, type SqsSendClient } from "./outbox/sqs-publisher.js";

/**
 * A relay that publishes the engine's outbox to an SQS queue (`@aws-sdk/client-sqs` is an optional peer dependency:
 * `npm install @aws-sdk/client-sqs`). Run one in every app instance: they share the work safely.
 *
 * @example
 * const relay = createSqsRelay({ outbox: engine.outbox, client: new SQSClient({}), queueUrl: process.env.QUEUE_URL! });
 * relay.start();
 * // on shutdown: await relay.stop(); await engine.close();
 */
export function createSqsRelay(
  options: SqsPublisherOptions & Omit<OutboxRelayOptions, "publisher">,
): OutboxRelay {
  const { client, queueUrl, fifo, timeoutMs, ...relay } = options;
  return new OutboxRelay({
    ...relay,
    publisher: new SqsPublisher({
      client,
      queueUrl,
      ...(fifo === undefined ? {} : { fifo }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
  });
}
