import { createSseParser, type ServerSentEvent } from "../../src/api/sse";

function parse(chunks: readonly string[]) {
  const events: ServerSentEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { events, retries };
}

describe("createSseParser", () => {
  test("reads a stream as the waiting room writes it: retry, ticket events with ids, keep-alive comments", () => {
    const { events, retries } = parse([
      "retry: 2000\n\n",
      'id: 1\nevent: ticket\ndata: {"status":"waiting","ahead":3}\n\n',
      ": keep-alive\n\n",
      'id: 2\nevent: ticket\ndata: {"status":"admitted"}\n\n',
    ]);
    expect(retries).toEqual([2000]);
    expect(events).toEqual([
      { event: "ticket", data: '{"status":"waiting","ahead":3}', id: "1" },
      { event: "ticket", data: '{"status":"admitted"}', id: "2" },
    ]);
  });

  test("puts together a message split anywhere across chunks, even inside a CRLF line ending", () => {
    const whole = "event: ticket\r\ndata: one\r\n\r\ndata: two\r\n\r\n";
    for (let cut = 1; cut < whole.length; cut++) {
      const { events } = parse([whole.slice(0, cut), whole.slice(cut)]);
      expect(events.map((event) => event.data)).toEqual(["one", "two"]);
    }
    const byCharacter = parse([...whole]).events;
    expect(byCharacter).toEqual([
      { event: "ticket", data: "one", id: "" },
      { event: "message", data: "two", id: "" },
    ]);
  });

  test("accepts CR alone as a line ending and drops a leading byte-order mark", () => {
    expect(parse(["\uFEFFdata: a\r\rdata: b\r\r"]).events.map((event) => event.data)).toEqual(["a", "b"]);
  });

  test("joins several data lines with newlines and removes only one space after the colon", () => {
    expect(parse(["data:first\ndata:  second\ndata\n\n"]).events[0]?.data).toBe("first\n second\n");
  });

  test("dispatches nothing for a message without data, and drops one the stream ends before its blank line", () => {
    expect(parse(["event: ticket\n\n", "id: 7\n\n", "data: cut off"]).events).toEqual([]);
  });

  test("keeps the last event id for later messages and ignores unknown fields and bad retry values", () => {
    const { events, retries } = parse(["id: 5\ndata: a\n\n", "foo: bar\nretry: soon\ndata: b\n\n"]);
    expect(events.map((event) => event.id)).toEqual(["5", "5"]);
    expect(retries).toEqual([]);
  });
});
