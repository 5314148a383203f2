import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from "@aws-sdk/client-sqs";
import { waitUntil } from "@ticketing/testing";
import { mockClient } from "aws-sdk-client-mock";
import { createConnection } from "mysql2/promise";
import { call, inOneYear, startApi, type TestApi } from "./support/api.js";

const QUEUE_URL = "https://sqs.ap-northeast-2.amazonaws.com/123456789012/ticketing-notifications";

interface Message {
  type: string;
  sequence: number;
  reservation: { id: string; status: string };
}

async function unpublished(url: string): Promise<number> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query(
      "SELECT COUNT(*) AS n FROM reservation_outbox WHERE published_at IS NULL",
    );
    return Number((rows as { n: number }[])[0]!.n);
  } finally {
    await connection.end();
  }
}

async function outboxRows(url: string): Promise<number> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query("SELECT COUNT(*) AS n FROM reservation_outbox");
    return Number((rows as { n: number }[])[0]!.n);
  } finally {
    await connection.end();
  }
}

describe("the outbox relay of the app (SQS mocked with aws-sdk-client-mock)", () => {
  const sqs = mockClient(SQSClient);
  const sent: Message[] = [];
  let queueUrls: (string | undefined)[] = [];
  const saved = { region: process.env.AWS_REGION, key: process.env.AWS_ACCESS_KEY_ID };

  beforeAll(() => {
    process.env.AWS_REGION = "ap-northeast-2";
    process.env.AWS_ACCESS_KEY_ID ??= "test";
  });
  afterAll(() => {
    sqs.restore();
    process.env.AWS_REGION = saved.region;
    if (saved.key === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  });
  beforeEach(() => {
    sent.length = 0;
    queueUrls = [];
    sqs.reset();
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      queueUrls.push(input.QueueUrl);
      const entries = input.Entries ?? [];
      for (const entry of entries) sent.push(JSON.parse(entry.MessageBody!) as Message);
      return {
        Successful: entries.map((entry) => ({
          Id: entry.Id,
          MessageId: `m-${entry.Id}`,
          MD5OfMessageBody: "",
        })),
        Failed: [],
      };
    });
  });

  const sell = async (api: TestApi) => {
    const admin = await api.token("admin", "admin");
    const event = await call(api, "POST", "/api/events", {
      token: admin,
      body: { eventName: "Published", totalSeats: 5, eventDate: inOneYear(), holdSeconds: 600 },
    });
    const buyer = await api.token("buyer");
    const held = await call(api, "POST", "/api/reservations", {
      token: buyer,
      body: { eventId: event.body.id, quantity: 1 },
    });
    expect(held.body.status).toBe("HELD");
    const confirmed = await call(api, "POST", `/api/reservations/${held.body.id}/confirm`, {
      token: buyer,
      body: { paymentReference: "pay-1" },
    });
    expect(confirmed.body.status).toBe("CONFIRMED");
    return held.body.id as string;
  };

  test("with OUTBOX_QUEUE_URL, publishes every change of a reservation to that queue, in order", async () => {
    const api = await startApi("real", { OUTBOX_QUEUE_URL: QUEUE_URL });
    try {
      const id = await sell(api);
      await waitUntil(
        async () => sent.filter((m) => m.reservation.id === id).length === 2,
        20_000,
        "two messages",
      );
      expect(
        sent.filter((m) => m.reservation.id === id).map((m) => [m.type, m.sequence, m.reservation.status]),
      ).toEqual([
        ["reservation.held", 1, "HELD"],
        ["reservation.confirmed", 2, "CONFIRMED"],
      ]);
      expect(new Set(queueUrls)).toEqual(new Set([QUEUE_URL]));
    } finally {
      await api.stop();
    }
  });

  test("publishes what the last requests wrote before the app stops, and nothing twice", async () => {
    // SQS refuses everything at first: changes pile up in the outbox while requests are served.
    let open = false;
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      if (!open) {
        return {
          Successful: [],
          Failed: entries.map((entry) => ({ Id: entry.Id, Code: "InternalError", SenderFault: false })),
        };
      }
      for (const entry of entries) sent.push(JSON.parse(entry.MessageBody!) as Message);
      return {
        Successful: entries.map((entry) => ({
          Id: entry.Id,
          MessageId: `m-${entry.Id}`,
          MD5OfMessageBody: "",
        })),
        Failed: [],
      };
    });
    const api = await startApi("real", { OUTBOX_QUEUE_URL: QUEUE_URL }, { keepDatabase: true });
    try {
      const id = await sell(api);
      expect(await unpublished(api.db!.url)).toBe(2);
      open = true;
      await api.stop(); // SIGTERM's path: listener drained, relay stopped and drained, engine closed
      expect(await unpublished(api.db!.url)).toBe(0);
      expect(sent.filter((m) => m.reservation.id === id).map((m) => m.sequence)).toEqual([1, 2]);
    } finally {
      await api.db?.drop();
    }
  });

  test("without OUTBOX_QUEUE_URL, writes no outbox and sends nothing", async () => {
    const api = await startApi("real", {}, { keepDatabase: true });
    try {
      await sell(api);
      await api.stop();
      expect(await outboxRows(api.db!.url)).toBe(0);
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    } finally {
      await api.db?.drop();
    }
  });
});
