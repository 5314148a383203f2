import { sseMessages } from "../../src/opening/sse.ts";

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe("sseMessages", () => {
  test("reads events split across chunks, skipping comments and retry lines", async () => {
    const messages = [];
    for await (const message of sseMessages(
      chunks(
        "retry: 2000\n\nid: 1\nevent: tick",
        'et\ndata: {"a":1}\n\n: keep-alive\n\n',
        "data: x\ndata: y\r\n\r\n",
      ),
    )) {
      messages.push(message);
    }
    expect(messages).toEqual([
      { event: "ticket", data: '{"a":1}' },
      { event: "message", data: "x\ny" },
    ]);
  });
});
