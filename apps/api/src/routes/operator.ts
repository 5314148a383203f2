import type { IRouter, RequestHandler } from "express";
import { RoomNotFoundError } from "@ticketing/waiting-room";
import type { Engine } from "../engine.js";
import { validate } from "../http/validate.js";
import type { LiveStats } from "../live/live-stats.js";
import { IdParamsSchema } from "../schemas.js";
import type { Rooms } from "../waiting-room/rooms.js";

export interface OperatorRoutesDeps {
  engine: Pick<Engine, "getSeatCounts">;
  rooms: Pick<Rooms, "room">;
  live: Pick<LiveStats, "read">;
  /** authenticate + admin role + per-user limit */
  adminRead: RequestHandler[];
}

/** What an operator watches during an opening, fleet-wide: seats, the waiting room, and the reservation traffic. */
export function addOperatorRoutes(
  router: IRouter,
  { engine, rooms, live, adminRead }: OperatorRoutesDeps,
): void {
  router.get("/api/admin/events/:id/live", ...adminRead, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const [seats, room, traffic] = await Promise.all([
      engine.getSeatCounts(id),
      rooms.room.info(id).catch((error: unknown) => {
        if (error instanceof RoomNotFoundError) return null;
        throw error;
      }),
      live.read(id),
    ]);
    res.setHeader("Cache-Control", "no-store");
    res.json({
      eventId: id,
      at: new Date().toISOString(),
      seats: {
        total: seats.totalSeats,
        confirmed: seats.confirmedSeats,
        held: seats.heldSeats,
        available: seats.availableSeats,
        nextHoldExpiresAt: seats.nextExpiry ? seats.nextExpiry.toISOString() : null,
      },
      waitingRoom: room && {
        opensAt: new Date(room.opensAt).toISOString(),
        opened: room.opened,
        soldOut: room.soldOut,
        waiting: room.waiting,
        admitted: room.undecided,
        admittedTotal: room.admittedTotal,
        admitPerSecond: room.admitPerSecond,
        admissionRate: room.measuredRate,
        overbooking: room.overbooking,
      },
      traffic,
    });
  });
}
