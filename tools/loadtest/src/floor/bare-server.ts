// The flash sale's floor: a bare Express 5 route in a process of its own, as the app runs in one. It parses the
// JSON body as the app does (16 kB limit) and answers every buyer with the app's sold-out problem, byte for byte
// the size of the app's own answer, with none of the app's middleware (no token, limit, admission or database).
import express from "express";

const soldOut = {
  type: "/api/docs#sold-out",
  title: "The event is sold out",
  status: 409,
  detail: "event 01a2514c-7b58-7000-a309-c7f7d0c88703 is sold out",
  code: "E_SOLD_OUT",
  requestId: "f44e56b1-d77b-41ca-9424-0206adea83c8",
};

const app = express();
app.post("/api/reservations", express.json({ limit: "16kb" }), (_req, res) => {
  res.status(409).type("application/problem+json").json(soldOut);
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
