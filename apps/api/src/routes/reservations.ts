import type { IRouter, RequestHandler } from "express";
import { EventPastError, SeatsUnavailableError, type ReserveResult } from "@ticketing/reservation";
import { AdmissionTokenError, type Admission } from "@ticketing/waiting-room";
import type { Logger } from "pino";
import type { z } from "zod";
import { actorOf } from "../auth/authenticate.js";
import type { Engine } from "../engine.js";
import { ApiError } from "../errors.js";
import { reservationDto } from "../http/dto.js";
import { sendWithEtag } from "../http/etag.js";
import { validate } from "../http/validate.js";
import type { LiveStats } from "../live/live-stats.js";
import type { Metrics } from "../metrics/metrics.js";
import { ConfirmSchema, IdempotencyKeySchema, IdParamsSchema, UserParamsSchema } from "../schemas.js";
import type { Rooms } from "../waiting-room/rooms.js";

export interface ReservationRoutesDeps {
  engine: Pick<Engine, "reserve" | "findReplay" | "confirm" | "getReservation" | "cancel" | "listByUser">;
  rooms: Pick<Rooms, "room" | "settings" | "run">;
  metrics: Metrics;
  live: Pick<LiveStats, "record">;
  logger: Pick<Logger, "warn">;
  createSchema: z.ZodType<{
    eventId: string;
    quantity: number;
    userId?: string | undefined;
    admissionToken?: string | undefined;
  }>;
  /** authenticate + per-user limit */
  userRead: RequestHandler[];
  /** userRead + JSON body */
  userWrite: RequestHandler[];
}

/** An admission already settled, or run out since (perhaps after settling). */
const isSpent = (error: unknown) =>
  error instanceof AdmissionTokenError && (error.code === "E_TOKEN_USED" || error.code === "E_TOKEN_EXPIRED");

/** A refusal no retry with the same admission can change: the admission is settled as refused. */
const refusedForGood = (error: unknown) =>
  (error instanceof SeatsUnavailableError && error.code === "E_SOLD_OUT") || error instanceof EventPastError;

export function addReservationRoutes(
  router: IRouter,
  { engine, rooms, metrics, live, logger, createSchema, userRead, userWrite }: ReservationRoutesDeps,
): void {
  router.post("/api/reservations", ...userWrite, async (req, res) => {
    const started = performance.now();
    const actor = actorOf(res);
    const body = validate(createSchema, req.body, "body");
    const rawKey = req.headers["idempotency-key"];
    const idempotencyKey =
      rawKey === undefined ? undefined : validate(IdempotencyKeySchema, rawKey, "header.Idempotency-Key");
    res.once("finish", () => live.record(body.eventId, res.statusCode, performance.now() - started));
    // The body's userId exists for clients of the Spring version; the caller is always the token's subject.
    if (body.userId !== undefined && body.userId !== actor.userId) {
      throw new ApiError("E_FORBIDDEN", "userId must be your own (the sub of your token)");
    }
    const input = {
      eventId: body.eventId,
      userId: actor.userId,
      quantity: body.quantity,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    };
    let admission: Admission | null = null;
    let result: ReserveResult | null = null;
    try {
      admission = await admit(body.eventId, actor.userId, body.admissionToken);
    } catch (error) {
      // A retry whose answer was lost: the admission was spent on the reservation its key names.
      if (idempotencyKey !== undefined && isSpent(error)) {
        result = await engine.findReplay({ ...input, idempotencyKey });
      }
      if (!result) throw error;
    }
    try {
      result ??= await engine.reserve(input);
    } catch (error) {
      if (admission && refusedForGood(error)) await settle(admission, { outcome: "refused" });
      throw error;
    }
    const { reservation, replayed } = result;
    if (admission) await settle(admission, { outcome: "reserved", seats: reservation.quantity });
    if (!replayed && reservation.status === "CONFIRMED") metrics.reservationConfirmed(reservation.quantity);
    res
      .status(replayed ? 200 : 201)
      .location(`/api/reservations/${reservation.id}`)
      .json(reservationDto(reservation));
  });

  /** For an event with a waiting room: the caller's admission, verified (bound to them and the event, unused). */
  async function admit(
    eventId: string,
    userId: string,
    token: string | undefined,
  ): Promise<Admission | null> {
    if (!(await rooms.settings(eventId))) return null;
    if (token === undefined) {
      throw new ApiError(
        "E_NOT_ADMITTED",
        `This event sells through its waiting room: join it (POST /api/events/${eventId}/waiting-room/ticket) and send admissionToken once admitted.`,
      );
    }
    return rooms.run(eventId, () => rooms.room.verify(token, { eventId, identity: userId }));
  }

  /**
   * The reservation is decided: the buyer's slot goes to the next one in line. If the room cannot be told, the
   * reservation stands and the slot returns when the admission expires.
   */
  async function settle(admission: Admission, settlement: Parameters<Rooms["room"]["settle"]>[1]) {
    try {
      await rooms.room.settle(admission, settlement);
    } catch (error) {
      logger.warn(
        { err: error, eventId: admission.eventId },
        "settling an admission failed; its slot returns at expiry",
      );
    }
  }

  router.get("/api/reservations/user/:userId", ...userRead, async (req, res) => {
    const { userId } = validate(UserParamsSchema, req.params, "path");
    const items = await engine.listByUser(userId, actorOf(res));
    sendWithEtag(res, JSON.stringify({ items: items.map(reservationDto) }));
  });

  router.get("/api/reservations/:id", ...userRead, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const reservation = await engine.getReservation(id, actorOf(res));
    res.setHeader("Cache-Control", "no-store");
    res.json(reservationDto(reservation));
  });

  router.post("/api/reservations/:id/confirm", ...userWrite, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const body = validate(ConfirmSchema, req.body, "body");
    const reservation = await engine.confirm(id, { paymentReference: body.paymentReference }, actorOf(res));
    res.json(reservationDto(reservation));
  });

  router.delete("/api/reservations/:id", ...userRead, async (req, res) => {
    const { id } = validate(IdParamsSchema, req.params, "path");
    const reservation = await engine.cancel(id, actorOf(res));
    res.json(reservationDto(reservation));
  });
}
