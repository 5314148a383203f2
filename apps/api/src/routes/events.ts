import type { IRouter, RequestHandler } from "express";
import type { Engine } from "../engine.js";
import { eventDto } from "../http/dto.js";
import { sendWithEtag, weakEtag } from "../http/etag.js";
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
  // What the cache holds is the response itself: the JSON text and its ETag.
  const load = async (id: string) => {
    const json = JSON.stringify(eventDto(await engine.getEvent(id)));
    return { json, etag: weakEtag(json) };
  };

  router.get("/api/events/:id", async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const key = `event:${id}`;
    // A copy in the cache's memory answers in the same tick; otherwise one load, shared by concurrent readers.
    const { json, etag } =
      responseCache?.peek<Awaited<ReturnType<typeof load>>>(key) ??
      (await (responseCache ? responseCache.getOrLoad(key, () => load(id)) : load(id)));
    sendWithEtag(res, json, "application/json", etag);
  });

  router.get("/api/events", async (req, res) => {
    const query = validate(ListEventsQuerySchema, req.query, "query");
    const page = await engine.listEvents({ limit: query.limit ?? 20, cursor: query.cursor ?? null });
    sendWithEtag(res, JSON.stringify({ items: page.items.map(eventDto), nextCursor: page.nextCursor }));
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
