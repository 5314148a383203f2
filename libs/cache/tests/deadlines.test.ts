import { Deadlines, RedisTimeoutError } from "../src/deadlines.js";

describe("Deadlines", () => {
  const deadlines = new Deadlines(30);
  afterAll(() => deadlines.close());

  test("passes a timely answer and error through", async () => {
    await expect(deadlines.track(Promise.resolve("ok"))).resolves.toBe("ok");
    const boom = new Error("boom");
    await expect(deadlines.track(Promise.reject(boom))).rejects.toBe(boom);
  });

  test("gives up on a call that does not answer and hands its late answer to onLate", async () => {
    let answer!: (value: string) => void;
    const late = new Promise<string>((resolve) => (answer = resolve));
    const received: string[] = [];
    const tracked = deadlines.track(late, (value) => received.push(value));
    await expect(tracked).rejects.toBeInstanceOf(RedisTimeoutError);
    answer("too late");
    await late;
    await Promise.resolve();
    expect(received).toEqual(["too late"]);
  });
});
