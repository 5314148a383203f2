import type { IRouter, RequestHandler } from "express";
import type { z } from "zod";
import { actorOf } from "../auth/authenticate.js";
import type { Engine } from "../engine.js";
import { ApiError } from "../errors.js";
import { reservationDto } from "../http/dto.js";
import { sendWithEtag } from "../http/etag.js";
import { validate } from "../http/validate.js";
import type { Metrics } from "../metrics/metrics.js";
import { IdempotencyKeySchema, IdParamsSchema, UserParamsSchema } from "../schemas.js";

export interface ReservationRoutesDeps {
  engine: Pick<Engine, "reserve" | "cancel" | "listByUser">;
  metrics: Metrics;
  createSchema: z.ZodType<{ eventId: string; quantity: number; userId?: string | undefined }>;
  /** authenticate + per-user limit */
  userRead: RequestHandler[];
  /** userRead + JSON body */
  userWrite: RequestHandler[];
}

export function addReservationRoutes(
  router: IRouter,
  { engine, metrics, createSchema, userRead, userWrite }: ReservationRoutesDeps,
): void {
  router.post("/api/reservations", ...userWrite, async (req, res) => {
    const actor = actorOf(res);
    const body = validate(createSchema, req.body, "body");
    const rawKey = req.headers["idempotency-key"];
    const idempotencyKey =
      rawKey === undefined ? undefined : validate(IdempotencyKeySchema, rawKey, "header.Idempotency-Key");
    // The body's userId exists for clients of the Spring version; the caller is always the token's subject.
    if (body.userId !== undefined && body.userId !== actor.userId) {
      throw new ApiError("E_FORBIDDEN", "userId must be your own (the sub of your token)");
    }
    const { reservation, replayed } = await engine.reserve({
      eventId: body.eventId,
      userId: actor.userId,
      quantity: body.quantity,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    if (!replayed) metrics.reservationConfirmed(reservation.quantity);
    res.status(replayed ? 200 : 201).json(reservationDto(reservation));
  });

  router.get("/api/reservations/user/:userId", ...userRead, async (req, res) => {
    const { userId } = validate(UserParamsSchema, req.params, "path");
    const items = await engine.listByUser(userId, actorOf(res));
    sendWithEtag(res, JSON.stringify({ items: items.map(reservationDto) }));
  });

  router.delete("/api/reservations/:id", ...userRead, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const reservation = await engine.cancel(id, actorOf(res));
    res.json(reservationDto(reservation));
  });
}
