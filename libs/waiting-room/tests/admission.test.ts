import { redisServer } from "@ticketing/testing";
import { SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { AdmissionTokenError, ADMISSION_AUDIENCE, ADMISSION_ISSUER } from "../src/index.js";
import { connect, OPENS_AT, testRoom, type Client, type TestRoom } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

/** A room where alice is admitted (and bob waits behind her); returns alice's token. */
async function admitted(): Promise<TestRoom & { token: string }> {
  const setup = testRoom(client, { seats: 1 });
  setup.clock.set(OPENS_AT);
  await setup.room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 100 });
  await setup.room.configure("e2", { opensAt: OPENS_AT, admitPerSecond: 100 });
  await setup.room.join("e1", "alice");
  await setup.room.join("e1", "bob");
  setup.clock.advance(1_000);
  await setup.room.tick("e1");
  const ticket = await setup.room.status("e1", "alice");
  expect(ticket.status).toBe("admitted");
  return { ...setup, token: ticket.admission!.token };
}

describe("admission tokens", () => {
  test("are signed JWTs bound to the identity and the event, expiring after admissionTtlMs", async () => {
    const { room, token, clock } = await admitted();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "alice", evt: "e1", iss: ADMISSION_ISSUER, aud: ADMISSION_AUDIENCE });
    const admission = await room.verify(token, { eventId: "e1", identity: "alice" });
    expect(admission).toMatchObject({ eventId: "e1", identity: "alice" });
    expect(admission.expiresAt).toBe(Math.floor((clock.now + 120_000) / 1000) * 1000);
    expect((await room.status("e1", "alice")).admission?.expiresAt).toBe(admission.expiresAt);
  });

  test("are the same token on every read", async () => {
    const { room, token } = await admitted();
    expect((await room.status("e1", "alice")).admission?.token).toBe(token);
  });

  test("cannot be used by another identity", async () => {
    const { room, token } = await admitted();
    await expect(room.verify(token, { eventId: "e1", identity: "bob" })).rejects.toMatchObject({
      code: "E_TOKEN_WRONG_USER",
      identity: "bob",
    });
  });

  test("cannot be used for another event", async () => {
    const { room, token } = await admitted();
    await expect(room.verify(token, { eventId: "e2", identity: "alice" })).rejects.toMatchObject({
      code: "E_TOKEN_WRONG_EVENT",
    });
  });

  test("are refused once expired", async () => {
    const { room, token, clock } = await admitted();
    clock.advance(120_000);
    const error = await room.verify(token, { eventId: "e1", identity: "alice" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdmissionTokenError);
    expect(error).toMatchObject({ code: "E_TOKEN_EXPIRED" });
  });

  test("are refused once settled, whatever the outcome", async () => {
    const { room, token } = await admitted();
    const admission = await room.verify(token, { eventId: "e1", identity: "alice" });
    await room.settle(admission, { outcome: "refused" });
    await expect(room.verify(token, { eventId: "e1", identity: "alice" })).rejects.toMatchObject({
      code: "E_TOKEN_USED",
    });
  });

  test.each([
    ["a tampered payload", (token: string) => tamper(token, { sub: "bob" })],
    ["a tampered signature", (token: string) => `${token.slice(0, -4)}AAAA`],
    ["garbage", () => "not-a-token"],
    ["an empty string", () => ""],
    ["a receipt", (_: string, receipt: string) => receipt],
  ])("refuses %s with E_TOKEN_INVALID", async (_, forge) => {
    const { room, token } = await admitted();
    const receipt = (await room.status("e1", "alice")).receipt;
    await expect(
      room.verify(forge(token, receipt), { eventId: "e1", identity: "alice" }),
    ).rejects.toMatchObject({
      code: "E_TOKEN_INVALID",
    });
  });

  test("refuses a token signed with another secret, or with no signature at all", async () => {
    const { room, clock } = await admitted();
    const claims = { evt: "e1", seq: 1 };
    const exp = Math.floor(clock.now / 1000) + 60;
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "admission+jwt" })
      .setIssuer(ADMISSION_ISSUER)
      .setAudience(ADMISSION_AUDIENCE)
      .setSubject("alice")
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode("another-secret-of-at-least-32-bytes-long"));
    const unsigned = new UnsecuredJWT(claims)
      .setIssuer(ADMISSION_ISSUER)
      .setAudience(ADMISSION_AUDIENCE)
      .setSubject("alice")
      .setExpirationTime(exp)
      .encode();
    for (const token of [foreign, unsigned])
      await expect(room.verify(token, { eventId: "e1", identity: "alice" })).rejects.toMatchObject({
        code: "E_TOKEN_INVALID",
      });
  });
});

describe("settle", () => {
  test("is idempotent: a retry answers the first outcome and counts the seats once", async () => {
    const { room, token, seats, clock } = await admitted();
    const admission = await room.verify(token, { eventId: "e1", identity: "alice" });
    await expect(room.settle(admission, { outcome: "reserved", seats: 1 })).resolves.toEqual({
      outcome: "reserved",
      replayed: false,
    });
    await expect(room.settle(admission, { outcome: "abandoned" })).resolves.toEqual({
      outcome: "reserved",
      replayed: true,
    });
    expect((await room.status("e1", "alice")).status).toBe("reserved");
    seats.available = 0;
    clock.advance(1_000);
    expect(await room.tick("e1")).toMatchObject({ undecided: 0, soldOut: true });
  });

  test("refuses a ticket that is still waiting with E_NOT_ADMITTED", async () => {
    const { room } = await admitted();
    await expect(
      room.settle({ eventId: "e1", identity: "bob" }, { outcome: "abandoned" }),
    ).rejects.toMatchObject({
      code: "E_NOT_ADMITTED",
    });
    expect((await room.status("e1", "bob")).status).toBe("waiting");
  });
});

describe("receipts", () => {
  test("are refused with E_RECEIPT_INVALID when forged or issued to someone else", async () => {
    const { room } = await admitted();
    const receipt = (await room.status("e1", "bob")).receipt;
    const forged = receipt.replace(/^r1\.\d+/, "r1.1");
    await expect(room.join("e1", "bob", { receipt: forged })).rejects.toMatchObject({
      code: "E_RECEIPT_INVALID",
    });
    await expect(room.join("e1", "carol", { receipt })).rejects.toMatchObject({ code: "E_RECEIPT_INVALID" });
    await expect(room.join("e2", "bob", { receipt })).rejects.toMatchObject({ code: "E_RECEIPT_INVALID" });
  });
});

function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".");
  const claims = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), ...changes };
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}
