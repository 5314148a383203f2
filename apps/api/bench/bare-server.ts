// The baseline of the cached-GET comparison: a bare Express 5 route sending a constant JSON body.
import express from "express";

const body = JSON.parse(process.env.BARE_BODY ?? "{}") as unknown;
const app = express();
app.get("/api/events/:id", (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
