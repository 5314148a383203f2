import type { OpenApiDocument } from "../../api/types";

/** A range the API accepts, read from its OpenAPI document. */
export interface Bounds {
  min: number;
  max: number;
}

/** What the event form checks before sending, as the API's own OpenAPI document states it (never repeated here). */
export interface EventLimits {
  eventNameMaxLength: number;
  totalSeats: Bounds;
  maxPerUser: Bounds;
  holdSeconds: Bounds;
  admitPerSecond: Bounds;
  overbooking: Bounds;
}

type JsonSchema = Record<string, unknown>;

/** Raised when the API's document lacks a limit the form needs: the form must not guess it. */
export class MissingLimitError extends Error {
  override readonly name = "MissingLimitError";
  readonly code = "E_MISSING_LIMIT";
  constructor(readonly path: string) {
    super(`the API's OpenAPI document has no limit at ${path}`);
  }
}

/** The form's limits from the `CreateEvent` and `WaitingRoomSettings` schemas of the API's OpenAPI document. */
export function limitsFrom(document: OpenApiDocument): EventLimits {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: unknown): JsonSchema[] => {
    if (!schema || typeof schema !== "object") return [];
    const node = schema as JsonSchema;
    if (typeof node.$ref === "string") return resolve(schemas[node.$ref.split("/").at(-1)!]);
    const alternatives = [node.anyOf, node.oneOf, node.allOf].flatMap((list) =>
      Array.isArray(list) ? list : [],
    );
    return [node, ...alternatives.flatMap(resolve)];
  };
  const property = (schema: string, name: string) =>
    resolve(schemas[schema]).flatMap((node) => resolve((node.properties as JsonSchema | undefined)?.[name]));
  const number = (schema: string, name: string, key: string): number => {
    const found = property(schema, name)
      .map((node) => node[key])
      .find((value) => typeof value === "number");
    if (typeof found !== "number") throw new MissingLimitError(`${schema}.${name}.${key}`);
    return found;
  };
  const bounds = (schema: string, name: string): Bounds => ({
    min: number(schema, name, "minimum"),
    max: number(schema, name, "maximum"),
  });
  return {
    eventNameMaxLength: number("CreateEvent", "eventName", "maxLength"),
    totalSeats: bounds("CreateEvent", "totalSeats"),
    maxPerUser: bounds("CreateEvent", "maxPerUser"),
    holdSeconds: bounds("CreateEvent", "holdSeconds"),
    admitPerSecond: bounds("WaitingRoomSettings", "admitPerSecond"),
    overbooking: bounds("WaitingRoomSettings", "overbooking"),
  };
}
