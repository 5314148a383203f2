import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchMetrics } from "../../src/metrics/cloudwatch.js";

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
