import { waitUntil } from "@ticketing/testing";
import type { Reservation, Session } from "../../../src/api/types";
import type { RunningApi } from "../../support/api-server";

interface Ticket {
  status: string;
  admission: { token: string; expiresAt: number } | null;
}

/**
 * A buyer of an event that sells through a waiting room, driven through the API as the buyer's page would: join the
 * line, wait for the admission, reserve with its token, pay for the hold.
 */
export interface RoomBuyer {
  readonly session: Session;
  join(): Promise<Ticket>;
  /** Reads the ticket until the room admits the buyer; the admission's token. */
  admission(): Promise<string>;
  reserve(quantity: number, admissionToken: string): Promise<Reservation>;
  confirm(reservation: Reservation): Promise<Reservation>;
}

export async function roomBuyer(api: RunningApi, name: string, eventId: string): Promise<RoomBuyer> {
  const session = await api.signIn(name);
  const ticketPath = `/api/events/${eventId}/waiting-room/ticket`;
  const ticket = () => api.call<Ticket>("GET", ticketPath, { token: session.token });
  return {
    session,
    join: () => api.call<Ticket>("POST", ticketPath, { token: session.token }),
    admission: async () => {
      let token: string | undefined;
      await waitUntil(
        async () => {
          token = (await ticket()).admission?.token;
          return token !== undefined;
        },
        30_000,
        `${name}'s admission to ${eventId}`,
      );
      return token!;
    },
    reserve: (quantity, admissionToken) =>
      api.call<Reservation>("POST", "/api/reservations", {
        token: session.token,
        body: { eventId, quantity, admissionToken },
      }),
    confirm: (reservation) =>
      api.call<Reservation>("POST", `/api/reservations/${reservation.id}/confirm`, {
        token: session.token,
        body: { paymentReference: `pay-${reservation.id}` },
      }),
  };
}
