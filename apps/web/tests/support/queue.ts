import { waitUntil } from "@ticketing/testing";
import type { EventView, Reservation, Session, Ticket } from "../../src/api/types";
import type { RunningApi } from "./api-server";

/** Changes a room's rate, as an operator does during a sale (the opening must stay the same once open). */
export function setAdmissionRate(api: RunningApi, admin: Session, event: EventView, admitPerSecond: number) {
  return api.call("PUT", `/api/events/${event.id}/waiting-room`, {
    token: admin.token,
    body: { opensAt: event.waitingRoom!.opensAt, admitPerSecond },
  });
}

const ticketPath = (eventId: string) => `/api/events/${eventId}/waiting-room/ticket`;

export const join = (api: RunningApi, buyer: Session, eventId: string) =>
  api.call<Ticket>("POST", ticketPath(eventId), { token: buyer.token, body: {} });

export const ticketOf = (api: RunningApi, buyer: Session, eventId: string) =>
  api.call<Ticket>("GET", ticketPath(eventId), { token: buyer.token });

/** Waits until the buyer (who joined) is admitted, and returns the admission token. */
export async function admission(api: RunningApi, buyer: Session, eventId: string): Promise<string> {
  let token = "";
  await waitUntil(
    async () => {
      token = (await ticketOf(api, buyer, eventId)).admission?.token ?? "";
      return token !== "";
    },
    30_000,
    `${buyer.userId} admitted`,
  );
  return token;
}

/** Joins, waits for the admission and reserves with it, as another buyer does through the API. */
export async function reserveThroughRoom(
  api: RunningApi,
  buyer: Session,
  eventId: string,
  quantity: number,
): Promise<Reservation> {
  await join(api, buyer, eventId);
  const admissionToken = await admission(api, buyer, eventId);
  return api.reserve(buyer, eventId, quantity, { admissionToken });
}

/** A room open since a second ago. */
export const openRoom = (admitPerSecond: number) => ({
  opensAt: new Date(Date.now() - 1000).toISOString(),
  admitPerSecond,
});
