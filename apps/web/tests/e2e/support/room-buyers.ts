import type { Reservation, Session, Ticket } from "../../../src/api/types";
import type { RunningApi } from "../../support/api-server";
import { admission, join } from "../../support/queue";

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
  return {
    session,
    join: () => join(api, session, eventId),
    admission: () => admission(api, session, eventId),
    reserve: (quantity, admissionToken) => api.reserve(session, eventId, quantity, { admissionToken }),
    confirm: (reservation) =>
      api.call<Reservation>("POST", `/api/reservations/${reservation.id}/confirm`, {
        token: session.token,
        body: { paymentReference: `pay-${reservation.id}` },
      }),
  };
}
