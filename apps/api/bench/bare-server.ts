// The baselines of the API bench: bare Express 5 routes with no middleware of the app's. GET sends a constant JSON
// body; POST parses the JSON body (as the app does, 16 kB limit) and answers 201 with a constant JSON body. Both
// bodies are samples of the app's own responses, so the bytes on the wire match.
import express from "express";

const getBody = JSON.parse(process.env.BARE_BODY ?? "{}") as unknown;
const postBody = JSON.parse(process.env.BARE_POST_BODY ?? "{}") as unknown;
const app = express();
app.get("/api/events/:id", (_req, res) => {
  res.json(getBody);
});
app.post("/api/reservations", express.json({ limit: "16kb" }), (_req, res) => {
  res.status(201).json(postBody);
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
