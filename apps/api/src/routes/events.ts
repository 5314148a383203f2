import type { IRouter, RequestHandler, Response } from "express";
import type { Engine } from "../engine.js";
import { eventDto } from "../http/dto.js";
import { sendJsonBytes, sendJsonWithEtag, weakEtag } from "../http/etag.js";
import { validate } from "../http/validate.js";
import { CreateEventSchema, IdParamsSchema, ListEventsQuerySchema } from "../schemas.js";

export interface EventRoutesDeps {
  engine: Pick<Engine, "getEvent" | "listEvents" | "createEvent">;
  /** authenticate + admin role + per-user limit + JSON body */
  adminWrite: RequestHandler[];
  /** Short-lived in-process copies of serialized events (hot reads during a sale never reach Redis or the DB). */
  responseCache?: ResponseCache | undefined;
}

/** The cache calls these routes make; any @ticketing/cache `Cache` fits. */
export interface ResponseCache {
  peek<T>(key: string): T | undefined;
  getOrLoad<T>(key: string, loader: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export function addEventRoutes(
  router: IRouter,
  { engine, adminWrite, responseCache }: EventRoutesDeps,
): void {
  const load = async (id: string) => JSON.stringify(eventDto(await engine.getEvent(id)));
  // The bytes and ETag of the last body sent per event: a cache hit returns the same string object, so the hot path
  // skips re-encoding and re-hashing it. Bounded like the response cache's memory tier.
  const encoded = new Map<string, { text: string; bytes: Buffer; etag: string }>();
  const encode = (id: string, text: string) => {
    const known = encoded.get(id);
    if (known?.text === text) return known;
    const bytes = Buffer.from(text);
    const made = { text, bytes, etag: weakEtag(bytes) };
    if (encoded.size >= 10_000) encoded.clear();
    encoded.set(id, made);
    return made;
  };
  const send = (res: Response, id: string, body: string) => {
    const { bytes, etag } = encode(id, body);
    sendJsonBytes(res, bytes, etag);
  };

  // A hit in the response cache's memory is answered in the same tick, without a promise. Only validated ids ever
  // reach the loader, so a cached body proves its id valid and a hit skips validation.
  router.get("/api/events/:id", (req, res) => {
    const cached = responseCache?.peek<string>(`event:${req.params.id}`);
    if (cached !== undefined) return send(res, req.params.id, cached);
    const { id } = validate(IdParamsSchema, req.params, "path");
    const loaded = responseCache ? responseCache.getOrLoad(`event:${id}`, () => load(id)) : load(id);
    return loaded.then((body) => send(res, id, body));
  });

  router.get("/api/events", async (req, res) => {
    const query = validate(ListEventsQuerySchema, req.query, "query");
    const page = await engine.listEvents({ limit: query.limit ?? 20, cursor: query.cursor ?? null });
    sendJsonWithEtag(res, { items: page.items.map(eventDto), nextCursor: page.nextCursor });
  });

  router.post("/api/events", ...adminWrite, async (req, res) => {
    const body = validate(CreateEventSchema, req.body, "body");
    const event = await engine.createEvent({
      eventName: body.eventName,
      totalSeats: body.totalSeats,
      eventDate: new Date(body.eventDate),
      ...(body.maxPerUser === undefined ? {} : { maxPerUser: body.maxPerUser }),
    });
    res
      .status(201)
      .location(`/api/events/${encodeURIComponent(event.id)}`)
      .json(eventDto(event));
  });
}
