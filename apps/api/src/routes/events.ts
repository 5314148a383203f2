import type { IRouter, RequestHandler } from "express";
import type { Engine } from "../engine.js";
import { ApiError } from "../errors.js";
import { eventDetailDto, eventDto } from "../http/dto.js";
import { sendWithEtag, weakEtag } from "../http/etag.js";
import { validate } from "../http/validate.js";
import { CreateEventSchema, IdParamsSchema, ListEventsQuerySchema } from "../schemas.js";
import type { Rooms } from "../waiting-room/rooms.js";

export interface EventRoutesDeps {
  engine: Pick<Engine, "getEvent" | "getSeatCounts" | "listEvents" | "createEvent">;
  rooms: Pick<Rooms, "settings" | "configure">;
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
  { engine, rooms, adminWrite, responseCache }: EventRoutesDeps,
): void {
  // What the cache holds is the response itself: the JSON text and its ETag.
  const load = async (id: string) => {
    const [event, waitingRoom, seats] = await Promise.all([
      engine.getEvent(id),
      rooms.settings(id),
      engine.getSeatCounts(id),
    ]);
    const json = JSON.stringify(eventDetailDto(event, waitingRoom, seats));
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
    const rooms_ = await Promise.all(page.items.map((event) => rooms.settings(event.id)));
    const items = page.items.map((event, i) => eventDto(event, rooms_[i] ?? null));
    sendWithEtag(res, JSON.stringify({ items, nextCursor: page.nextCursor }));
  });

  router.post("/api/events", ...adminWrite, async (req, res) => {
    const body = validate(CreateEventSchema, req.body, "body");
    const event = await engine.createEvent({
      eventName: body.eventName,
      totalSeats: body.totalSeats,
      eventDate: new Date(body.eventDate),
      ...(body.maxPerUser === undefined ? {} : { maxPerUser: body.maxPerUser }),
      ...(body.holdSeconds === undefined ? {} : { holdSeconds: body.holdSeconds }),
    });
    // The event's id names its room, so the room follows the event; if this fails the event exists without it, and
    // PUT /api/events/{id}/waiting-room (what the problem's detail says) finishes the job.
    const waitingRoom = body.waitingRoom
      ? { ...body.waitingRoom, opensAt: new Date(body.waitingRoom.opensAt) }
      : null;
    if (waitingRoom) {
      try {
        await rooms.configure(event.id, waitingRoom);
      } catch (error) {
        throw new ApiError(
          "E_UNAVAILABLE",
          `Event ${event.id} was created without its waiting room; PUT its settings to /api/events/${event.id}/waiting-room.`,
          { cause: error },
        );
      }
    }
    res
      .status(201)
      .location(`/api/events/${encodeURIComponent(event.id)}`)
      .json(eventDto(event, waitingRoom));
  });
}
