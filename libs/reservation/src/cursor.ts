import { InvalidInputError } from "./errors.js";
import type { EventCursor } from "./store/event-store.js";

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.phase, cursor.date, cursor.id])).toString("base64url");
}

export function decodeCursor(text: string): EventCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      (value[0] === "u" || value[0] === "p") &&
      typeof value[1] === "string" &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(value[1]) &&
      typeof value[2] === "string"
    ) {
      return { phase: value[0], date: value[1], id: value[2] };
    }
  } catch {
    // reported below
  }
  throw new InvalidInputError([{ path: "cursor", message: "is not a cursor returned by listEvents" }]);
}
