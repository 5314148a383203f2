import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from "@aws-sdk/client-sqs";
import { waitUntil } from "@ticketing/testing";
import { mockClient } from "aws-sdk-client-mock";
import { call, inOneYear, startApi, type TestApi } from "../support/api.js";

const QUEUE_URL = "https://sqs.ap-northeast-2.amazonaws.com/123456789012/ticketing-notifications";

describe("the app's waiting-room and outbox metrics, on MariaDB and Redis (CloudWatch and SQS mocked)", () => {
  const cloudwatch = mockClient(CloudWatchClient);
  const sqs = mockClient(SQSClient);
  /** Every counter sent so far, summed over PutMetricData calls. */
  const sent = new Map<string, number>();
  const saved = { region: process.env.AWS_REGION, key: process.env.AWS_ACCESS_KEY_ID };
  let api: TestApi;

  beforeAll(async () => {
    process.env.AWS_REGION = "ap-northeast-2";
    process.env.AWS_ACCESS_KEY_ID ??= "test";
    cloudwatch.on(PutMetricDataCommand).callsFake(async (input: PutMetricDataCommandInput) => {
      for (const datum of input.MetricData ?? []) {
        if (datum.Unit === "Count")
          sent.set(datum.MetricName!, (sent.get(datum.MetricName!) ?? 0) + datum.Value!);
      }
      return {};
    });
    // SQS refuses the first batch: the relay sends it again.
    let refusedOnce = false;
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      if (!refusedOnce) {
        refusedOnce = true;
        return {
          Successful: [],
          Failed: entries.map((entry) => ({ Id: entry.Id, Code: "InternalError", SenderFault: false })),
        };
      }
      return {
        Successful: entries.map((entry) => ({
          Id: entry.Id,
          MessageId: `m-${entry.Id}`,
          MD5OfMessageBody: "",
        })),
        Failed: [],
      };
    });
    api = await startApi("real", { METRICS: "cloudwatch", OUTBOX_QUEUE_URL: QUEUE_URL });
  });
  afterAll(async () => {
    await api?.stop();
    cloudwatch.restore();
    sqs.restore();
    process.env.AWS_REGION = saved.region;
    if (saved.key === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  });

  /** Flushes until the counters named in `expected` have reached it (they only grow), then compares them. */
  const expectCounted = async (expected: Record<string, number>) => {
    const counted = () =>
      Object.fromEntries(Object.keys(expected).map((name) => [name, sent.get(name) ?? 0]));
    const reached = () => Object.entries(expected).every(([name, value]) => (sent.get(name) ?? 0) >= value);
    await waitUntil(
      async () => {
        // The runtime made a CloudWatchMetrics (METRICS=cloudwatch): flush it now rather than at its minute.
        await api.runtime.deps.metrics!.flush();
        return reached();
      },
      20_000,
      "the metrics",
    ).catch(() => undefined);
    expect(counted()).toEqual(expected);
  };

  test("counts a buyer's join once, the admission, the reservation it settles, refused joins and what SQS refused", async () => {
    const admin = await api.token("admin", "admin");
    const event = await call(api, "POST", "/api/events", {
      token: admin,
      body: {
        eventName: "Counted opening",
        totalSeats: 1,
        eventDate: inOneYear(),
        waitingRoom: { opensAt: new Date(Date.now() - 1000).toISOString(), admitPerSecond: 1000 },
      },
    });
    expect(event.status).toBe(201);
    const ticketPath = `/api/events/${event.body.id}/waiting-room/ticket`;
    const ann = await api.token("ann");
    expect((await call(api, "POST", ticketPath, { token: ann })).status).toBe(200);
    expect((await call(api, "POST", ticketPath, { token: ann })).status).toBe(200); // her ticket again
    let admissionToken = "";
    await waitUntil(
      async () => {
        const ticket = await call(api, "GET", ticketPath, { token: ann });
        admissionToken = ticket.body.admission?.token ?? "";
        return ticket.body.status === "admitted";
      },
      20_000,
      "ann admitted",
    );
    const reserved = await call(api, "POST", "/api/reservations", {
      token: ann,
      body: { eventId: event.body.id, quantity: 1, admissionToken },
    });
    expect(reserved.status).toBe(201);
    // The room lets one address take 20 new tickets a minute per event: ann's and 19 more, then refuses.
    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++) {
      statuses.push((await call(api, "POST", ticketPath, { token: await api.token(`crowd-${i}`) })).status);
    }
    expect(statuses).toEqual([...Array<number>(19).fill(200), 429]);

    await expectCounted({
      WaitingRoomJoins: 20,
      WaitingRoomJoinsLimited: 1,
      WaitingRoomAdmitted: 1,
      WaitingRoomAdmissionsReserved: 1,
      ReservationsConfirmed: 1,
      OutboxRefused: 1,
    });
    expect(sent.get("WaitingRoomAdmissionsExpired")).toBeUndefined();
    expect(sent.get("OutboxErrors")).toBeUndefined();
  });
});
