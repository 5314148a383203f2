import type { IRouter, Request, RequestHandler, Response, NextFunction } from "express";
import { FINAL_STATUSES, streamTicket } from "@ticketing/waiting-room";
import { actorOf } from "../auth/authenticate.js";
import type { Engine } from "../engine.js";
import { ApiError } from "../errors.js";
import { requireJson } from "../http/require-json.js";
import { validate } from "../http/validate.js";
import type { Lifecycle } from "../lifecycle.js";
import { IdParamsSchema, JoinSchema, WaitingRoomSettingsSchema } from "../schemas.js";
import type { Rooms } from "../waiting-room/rooms.js";
import { ticketDto } from "../waiting-room/ticket-dto.js";

export interface WaitingRoomRoutesDeps {
  rooms: Rooms;
  engine: Pick<Engine, "getEvent">;
  lifecycle: Lifecycle;
  /** authenticate + per-user limit */
  userRead: RequestHandler[];
  /** authenticate + admin role + per-user limit + JSON body */
  adminWrite: RequestHandler[];
}

const TICKET = "/api/events/:id/waiting-room/ticket";

/** A JSON body when there is one: joining needs none (no body, or an empty one as fetch sends for a bare POST). */
function optionalJson(req: Request, res: Response, next: NextFunction): void {
  if (req.is("*/*") === null || req.headers["content-length"] === "0") next();
  else requireJson(req, res, next);
}

export function addWaitingRoomRoutes(
  router: IRouter,
  { rooms, engine, lifecycle, userRead, adminWrite }: WaitingRoomRoutesDeps,
): void {
  const eventWithRoom = async (req: Request) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    if (!(await rooms.settings(id))) {
      await engine.getEvent(id); // an unknown event is E_EVENT_NOT_FOUND, not "no waiting room"
      throw new ApiError("E_NO_WAITING_ROOM", "This event sells without a waiting room: reserve directly.");
    }
    return id;
  };

  router.post(TICKET, ...userRead, optionalJson, async (req, res) => {
    const body = validate(JoinSchema, req.body ?? {}, "body");
    const eventId = await eventWithRoom(req);
    const { userId } = actorOf(res);
    const ticket = await rooms.run(eventId, () =>
      rooms.room.join(eventId, userId, {
        ...(req.ip ? { ip: req.ip } : {}),
        ...(body.receipt ? { receipt: body.receipt } : {}),
      }),
    );
    res.setHeader("Cache-Control", "no-store");
    res.json(ticketDto(ticket));
  });

  router.get(TICKET, ...userRead, async (req, res) => {
    const eventId = await eventWithRoom(req);
    const { userId } = actorOf(res);
    const ticket = await rooms.run(eventId, () => rooms.room.status(eventId, userId));
    res.setHeader("Cache-Control", "no-store");
    res.json(ticketDto(ticket));
  });

  // Giving an admission up settles it as abandoned: its slot goes to the next buyer now, not when it expires.
  router.delete(TICKET, ...userRead, async (req, res) => {
    const eventId = await eventWithRoom(req);
    const { userId } = actorOf(res);
    const ticket = await rooms.run(eventId, async () => {
      // Read first: settling an identity without a ticket would record one, and it could never join.
      const current = await rooms.room.status(eventId, userId);
      if (FINAL_STATUSES.has(current.status)) return current;
      if (current.status !== "admitted") {
        throw new ApiError(
          "E_STILL_WAITING",
          "Your ticket is still in line: there is no admission to give up.",
        );
      }
      await rooms.room.settle({ eventId, identity: userId }, { outcome: "abandoned" });
      return rooms.room.status(eventId, userId);
    });
    res.setHeader("Cache-Control", "no-store");
    res.json(ticketDto(ticket));
  });

  router.get(`${TICKET}/stream`, ...userRead, async (req, res) => {
    const eventId = await eventWithRoom(req);
    const { userId } = actorOf(res);
    // Reads the ticket before writing anything: an unknown ticket is still answered as a problem.
    await rooms.run(eventId, () =>
      streamTicket({ room: rooms.room, response: res, eventId, identity: userId, signal: lifecycle.signal }),
    );
  });

  router.put("/api/events/:id/waiting-room", ...adminWrite, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const body = validate(WaitingRoomSettingsSchema, req.body, "body");
    await engine.getEvent(id);
    const settings = { ...body, opensAt: new Date(body.opensAt) };
    await rooms.configure(id, settings);
    res.json(waitingRoomDto(settings));
  });
}

export function waitingRoomDto(settings: { opensAt: Date; admitPerSecond: number; overbooking: number }) {
  return {
    opensAt: settings.opensAt.toISOString(),
    admitPerSecond: settings.admitPerSecond,
    overbooking: settings.overbooking,
  };
}
