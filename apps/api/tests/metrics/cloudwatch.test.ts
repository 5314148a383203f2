import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { CLOUDWATCH_METRIC_NAMES, CloudWatchMetrics } from "../../src/metrics/cloudwatch.js";

describe("CloudWatchMetrics", () => {
  const cloudwatch = mockClient(CloudWatchClient);
  beforeEach(() => cloudwatch.reset());
  afterAll(() => cloudwatch.restore());

  test("batches counters, hit ratio and latency distributions into PutMetricData on flush", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    const metrics = new CloudWatchMetrics({
      client: new CloudWatchClient({ region: "eu-west-1" }),
      namespace: "Test/Api",
    });
    metrics.reservationConfirmed(2);
    metrics.reservationConfirmed(3);
    metrics.soldOut();
    metrics.error(500);
    metrics.error(404);
    metrics.cacheLookup(true);
    metrics.cacheLookup(true);
    metrics.cacheLookup(true);
    metrics.cacheLookup(false);
    for (const ms of [1.04, 1.01, 2.5, 120]) metrics.latency("POST /api/reservations", ms);
    metrics.lockWait(3);
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    await metrics.close();

    const calls = cloudwatch.commandCalls(PutMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.Namespace).toBe("Test/Api");
    const byName = Object.fromEntries((input.MetricData ?? []).map((datum) => [datum.MetricName, datum]));
    expect(byName.ReservationsConfirmed).toMatchObject({ Value: 2, Unit: "Count" });
    expect(byName.SeatsReserved).toMatchObject({ Value: 5 });
    expect(byName.SoldOut).toMatchObject({ Value: 1 });
    expect(byName.ServerErrors).toMatchObject({ Value: 1 });
    expect(byName.ClientErrors).toMatchObject({ Value: 1 });
    expect(byName.CacheHitRatio).toMatchObject({ Value: 75, Unit: "Percent" });
    expect(byName.Latency).toMatchObject({
      Unit: "Milliseconds",
      Values: [1, 2.5, 120],
      Counts: [2, 1, 1],
      Dimensions: [{ Name: "Route", Value: "POST /api/reservations" }],
    });
    expect(byName.LockWait).toMatchObject({ Values: [3], Counts: [1] });
    expect(CLOUDWATCH_METRIC_NAMES).toEqual(expect.arrayContaining(Object.keys(byName)));
  });

  test("counts the waiting room's joins, refusals, admissions and outcomes, and the outbox's failures", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    const metrics = new CloudWatchMetrics({ client: new CloudWatchClient({ region: "eu-west-1" }) });
    metrics.waitingRoomJoined();
    metrics.waitingRoomJoined();
    metrics.waitingRoomJoinLimited();
    metrics.waitingRoomStep(3, 0);
    metrics.waitingRoomStep(2, 1);
    metrics.waitingRoomStep(0, 0);
    metrics.admissionSettled("reserved");
    metrics.admissionSettled("reserved");
    metrics.admissionSettled("refused");
    metrics.admissionSettled("abandoned");
    metrics.outboxRefused(4);
    metrics.outboxError();
    await metrics.close();

    const data = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? []);
    expect(Object.fromEntries(data.map((datum) => [datum.MetricName, datum.Value]))).toEqual({
      WaitingRoomJoins: 2,
      WaitingRoomJoinsLimited: 1,
      WaitingRoomAdmitted: 5,
      WaitingRoomAdmissionsExpired: 1,
      WaitingRoomAdmissionsReserved: 2,
      WaitingRoomAdmissionsRefused: 1,
      WaitingRoomAdmissionsAbandoned: 1,
      OutboxRefused: 4,
      OutboxErrors: 1,
    });
    expect(data.every((datum) => datum.Unit === "Count" && datum.Dimensions?.length === 0)).toBe(true);
    expect(CLOUDWATCH_METRIC_NAMES).toEqual(expect.arrayContaining(data.map((datum) => datum.MetricName)));
  });

  test("sends no waiting-room datum for steps that admitted and expired nobody", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    const metrics = new CloudWatchMetrics({ client: new CloudWatchClient({ region: "eu-west-1" }) });
    for (let step = 0; step < 100; step++) metrics.waitingRoomStep(0, 0);
    await metrics.close();
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  test("sends nothing when nothing happened, and splits more than 20 datums into several requests", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    const metrics = new CloudWatchMetrics({ client: new CloudWatchClient({ region: "eu-west-1" }) });
    await metrics.flush();
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
    for (let route = 0; route < 30; route++) metrics.latency(`GET /r${route}`, 1);
    await metrics.close();
    const calls = cloudwatch.commandCalls(PutMetricDataCommand);
    expect(calls.map((call) => call.args[0].input.MetricData?.length)).toEqual([20, 10]);
  });

  test("never throws into the caller when CloudWatch fails, and reports the failure", async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(new Error("ThrottlingException"));
    const failures: unknown[] = [];
    const metrics = new CloudWatchMetrics({
      client: new CloudWatchClient({ region: "eu-west-1" }),
      onError: (error) => failures.push(error),
    });
    metrics.soldOut();
    await expect(metrics.close()).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });

  test("flushes on its own every flushMs", async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    jest.useFakeTimers();
    try {
      const metrics = new CloudWatchMetrics({
        client: new CloudWatchClient({ region: "eu-west-1" }),
        flushMs: 60_000,
      });
      metrics.soldOut();
      jest.advanceTimersByTime(59_000);
      expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
      jest.advanceTimersByTime(1_000);
      expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(1);
      await metrics.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
