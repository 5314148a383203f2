/** One message of a Server-Sent Events stream. */
export interface ServerSentEvent {
  /** `event:` field; "message" when the message names none. */
  event: string;
  /** The `data:` lines joined by "\n". */
  data: string;
  /** The last `id:` seen so far in the stream (the spec's "last event ID"), or "". */
  id: string;
}

/** What a parser reports: messages, and the reconnection delay a `retry:` line asks for (ms). */
interface SseHandlers {
  onEvent(event: ServerSentEvent): void;
  onRetry?(ms: number): void;
}

/**
 * A parser for `text/event-stream` as the HTML standard defines it, fed decoded text in chunks of any size (a line,
 * or a line ending `\r\n`, may be split across chunks). Comments (`: keep-alive`) are skipped, a message is
 * dispatched at its blank line, and a message without `data:` is not dispatched. `EventSource` cannot send an
 * `Authorization` header, so the page reads the stream with `fetch` and parses it with this.
 *
 * @example
 * const parser = createSseParser({ onEvent: (message) => console.log(message.event, message.data) });
 * parser.push("event: ticket\ndata: {}\n\n");
 */
export function createSseParser(handlers: SseHandlers) {
  let buffer = "";
  let firstChunk = true;
  // A "\r" at the end of a chunk may be the first half of "\r\n": the "\n" that follows ends no second line.
  let afterCarriageReturn = false;
  let eventType = "";
  let data: string[] = [];
  let lastId = "";

  const line = (text: string) => {
    if (text === "") {
      if (data.length > 0)
        handlers.onEvent({ event: eventType || "message", data: data.join("\n"), id: lastId });
      eventType = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        eventType = value;
        break;
      case "data":
        data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) lastId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
      // unknown fields are ignored
    }
  };

  return {
    /** Feeds the next decoded chunk of the stream. */
    push(chunk: string): void {
      let text = chunk;
      if (firstChunk && text.length > 0) {
        firstChunk = false;
        if (text.startsWith("\uFEFF")) text = text.slice(1);
      }
      if (afterCarriageReturn && text.startsWith("\n")) text = text.slice(1);
      afterCarriageReturn = false;
      buffer += text;
      let start = 0;
      for (let index = 0; index < buffer.length; index++) {
        const char = buffer[index];
        if (char !== "\r" && char !== "\n") continue;
        line(buffer.slice(start, index));
        if (char === "\r") {
          if (index + 1 === buffer.length) afterCarriageReturn = true;
          else if (buffer[index + 1] === "\n") index++;
        }
        start = index + 1;
      }
      buffer = buffer.slice(start);
    },
    /** The stream ended: a message without its blank line is dropped, as the standard says. */
    end(): void {
      buffer = "";
      eventType = "";
      data = [];
    },
  };
}
