import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import type { OutboxMessage } from "../../src/index.js";
import { SqsPublisher } from "../../src/sqs.js";

const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/reservations";

function message(reservationId: string, sequence: number): OutboxMessage {
  return {
    id: `${reservationId}:${sequence}`,
    type: sequence === 1 ? "reservation.held" : "reservation.confirmed",
    sequence,
    occurredAt: new Date("2030-01-01T19:00:00.000Z"),
    reservation: {
      id: reservationId,
      eventId: "e1",
      userId: "u1",
      quantity: 2,
      status: sequence === 1 ? "HELD" : "CONFIRMED",
      expiresAt: new Date("2030-01-01T19:10:00.000Z"),
      paymentReference: sequence === 1 ? null : "pay-1",
    },
    attempts: 1,
  };
}

describe("SqsPublisher", () => {
  const sqs = mockClient(SQSClient);
  const client = new SQSClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });
  afterEach(() => sqs.reset());
  afterAll(() => sqs.restore());

  test("sends one SendMessageBatch with the change as JSON and its type and event as attributes", async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: "m0", MessageId: "x", MD5OfMessageBody: "" }] });
    const failures = await new SqsPublisher({ client, queueUrl: QUEUE }).publish([message("r1", 1)]);
    expect(failures).toEqual([]);
    const [call] = sqs.commandCalls(SendMessageBatchCommand);
    expect(call!.args[0].input).toEqual({
      QueueUrl: QUEUE,
      Entries: [
        {
          Id: "m0",
          MessageBody: JSON.stringify({
            id: "r1:1",
            type: "reservation.held",
            sequence: 1,
            occurredAt: "2030-01-01T19:00:00.000Z",
            reservation: {
              id: "r1",
              eventId: "e1",
              userId: "u1",
              quantity: 2,
              status: "HELD",
              expiresAt: "2030-01-01T19:10:00.000Z",
              paymentReference: null,
            },
          }),
          MessageAttributes: {
            type: { DataType: "String", StringValue: "reservation.held" },
            eventId: { DataType: "String", StringValue: "e1" },
          },
        },
      ],
    });
  });

  test("names the group and de-duplication ids on a queue whose URL ends in .fifo", async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: "m0", MessageId: "x", MD5OfMessageBody: "" }] });
    await new SqsPublisher({ client, queueUrl: `${QUEUE}.fifo` }).publish([message("r1", 2)]);
    const entry = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ MessageGroupId: "r1", MessageDeduplicationId: "r1:2" });
  });

  test("reports the entries SQS lists as failed, and those it lists as neither sent nor failed", async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: "m0", MessageId: "x", MD5OfMessageBody: "" }],
      Failed: [{ Id: "m1", Code: "RequestThrottled", SenderFault: false }],
    });
    const failures = await new SqsPublisher({ client, queueUrl: QUEUE }).publish([
      message("r1", 1),
      message("r2", 1),
      message("r3", 1),
    ]);
    expect(failures).toEqual([
      { id: "r2:1", code: "RequestThrottled", throttled: true },
      { id: "r3:1", code: "NotAcknowledged", throttled: false },
    ]);
  });

  test.each([
    ["a throttled call", "RequestThrottled", true],
    ["a KMS throttle", "KmsThrottled", true],
    ["a missing queue", "QueueDoesNotExist", false],
  ])("fails every entry of %s, saying whether it was throttling", async (_what, name, throttled) => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error(name), { name }));
    const failures = await new SqsPublisher({ client, queueUrl: QUEUE }).publish([
      message("r1", 1),
      message("r2", 1),
    ]);
    expect(failures).toEqual([
      { id: "r1:1", code: name, throttled },
      { id: "r2:1", code: name, throttled },
    ]);
  });

  test.each([
    ["not a URL", "reservations"],
    ["missing", undefined],
  ])("refuses a queue URL that is %s with E_INVALID_INPUT", (_what, queueUrl) => {
    expect(() => new SqsPublisher({ client, queueUrl: queueUrl as string })).toThrow(
      expect.objectContaining({ code: "E_INVALID_INPUT" }),
    );
  });
});
