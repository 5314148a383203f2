import cors from "cors";
import express, { type Express, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import { authenticate } from "./auth/authenticate.js";
import { addDevSignInRoute, type DevSignInDeps } from "./auth/dev-sign-in.js";
import type { TokenVerifier } from "./auth/verify-token.js";
import { renderDocsPage } from "./docs-page.js";
import type { Engine } from "./engine.js";
import { ApiError } from "./errors.js";
import { sendWithEtag } from "./http/etag.js";
import { problemHandler } from "./http/problem.js";
import { createRateLimiters, type RateLimiters } from "./http/rate-limit.js";
import { requestLogger } from "./http/request-logger.js";
import { requireJson } from "./http/require-json.js";
import { apiHeaders, docsPageHeaders } from "./http/security-headers.js";
import { createLifecycle, type Lifecycle } from "./lifecycle.js";
import { RESERVATION_LIMITS } from "@ticketing/reservation";
import { noopMetrics, type Metrics } from "./metrics/metrics.js";
import { buildOpenApi } from "./openapi.js";
import { addEventRoutes, type ResponseCache } from "./routes/events.js";
import { addHealthRoute } from "./routes/health.js";
import { addOperatorRoutes } from "./routes/operator.js";
import { addReservationRoutes } from "./routes/reservations.js";
import { addWaitingRoomRoutes } from "./routes/waiting-room.js";
import type { LiveStats } from "./live/live-stats.js";
import type { Rooms } from "./waiting-room/rooms.js";
import { createReservationSchema } from "./schemas.js";
import { webAssets } from "./web/web-assets.js";

export interface AppDeps {
  engine: Engine;
  /** The events' waiting rooms. */
  rooms: Rooms;
  /** Per-event reservation traffic for the operator's live view. */
  live: LiveStats;
  verifier: TokenVerifier;
  logger: Logger;
  /** @default noopMetrics */
  metrics?: Metrics;
  /** @default per-process limiters with the default limits */
  limiters?: RateLimiters;
  /** Set by `start().stop()`; health answers DOWN and keep-alive ends once `shuttingDown`. */
  lifecycle?: Lifecycle;
  /** Origins allowed by CORS. @default [] (same-origin only) */
  corsOrigins?: readonly string[];
  /** Proxy hops to trust for the client IP (X-Forwarded-For), or "loopback" (proxies on this host). @default 0 */
  trustProxy?: number | "loopback";
  /** Must equal the engine's `maxQuantityPerRequest`. @default 10 */
  maxQuantityPerRequest?: number;
  /** In-process cache of GET /api/events/{id} responses; its ttl bounds how stale availableSeats may be. */
  responseCache?: ResponseCache;
  /** Mounts POST /api/dev/sign-in signing with this; set only when `devSignInAllowed(config)`. @default absent (404) */
  devSignIn?: DevSignInDeps["auth"];
  /** The built web app (apps/web/dist), served at `/`. @default none (`GET /` is 404) */
  webRoot?: string;
}

/** Builds the Express app. It owns no resources: the caller closes the engine, caches and metrics. */
export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? noopMetrics;
  const limiters = deps.limiters ?? createRateLimiters({ logger: deps.logger });
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const createSchema = createReservationSchema(
    deps.maxQuantityPerRequest ?? RESERVATION_LIMITS.quantityMaxDefault,
  );
  const openapi = buildOpenApi({ createReservationSchema: createSchema, devSignIn: !!deps.devSignIn });
  const openapiJson = JSON.stringify(openapi);
  const docsHtml = renderDocsPage(openapi);

  const app = express();
  app.locals.lifecycle = lifecycle;
  app.disable("x-powered-by");
  // Read routes send their own ETags (http/etag.ts); Express's would hash every write and problem answer too.
  app.set("etag", false);
  // Left at Express's default (false) when no proxy is trusted, so that express-rate-limit's check warns once if
  // requests arrive with X-Forwarded-For anyway (a load balancer in front of an app not told about it).
  if (deps.trustProxy) app.set("trust proxy", deps.trustProxy);

  app.use(requestLogger(deps.logger));
  app.use((_req, res, next) => {
    if (lifecycle.shuttingDown) res.setHeader("Connection", "close");
    next();
  });
  if (metrics !== noopMetrics) app.use(measure(metrics));
  app.use(apiHeaders);
  if (deps.corsOrigins?.length) {
    app.use(
      cors({
        origin: [...deps.corsOrigins],
        methods: ["GET", "POST", "PUT", "DELETE"],
        allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
        exposedHeaders: ["Location", "Retry-After", "X-Request-Id", "RateLimit", "RateLimit-Policy"],
        maxAge: 600,
      }),
    );
  }
  // Load balancer probes are never refused; their answer is cached for a second instead.
  addHealthRoute(app, deps.engine, lifecycle);
  app.use(limiters.ip);

  const user: RequestHandler[] = [authenticate(deps.verifier), limiters.user];
  const admin: RequestHandler[] = [authenticate(deps.verifier, { role: "admin" }), limiters.user];
  const { engine, rooms, live } = deps;
  addEventRoutes(app, {
    engine,
    rooms,
    adminWrite: [...admin, requireJson],
    responseCache: deps.responseCache,
  });
  addWaitingRoomRoutes(app, {
    engine,
    rooms,
    lifecycle,
    userRead: user,
    adminWrite: [...admin, requireJson],
  });
  addReservationRoutes(app, {
    engine,
    rooms,
    metrics,
    live,
    logger: deps.logger,
    createSchema,
    userRead: user,
    userWrite: [...user, requireJson],
  });
  addOperatorRoutes(app, { engine, rooms, live, adminRead: admin });
  if (deps.devSignIn) addDevSignInRoute(app, { auth: deps.devSignIn });
  app.get("/api/openapi.json", (_req, res) => sendWithEtag(res, openapiJson));
  app.get("/api/docs", docsPageHeaders, (_req, res) => sendWithEtag(res, docsHtml, "text/html"));
  if (deps.webRoot) app.use(webAssets({ root: deps.webRoot }));

  // OPTIONS goes on to the router's own answer: 200 with the path's methods in Allow.
  app.use((req: Request, _res, next) => {
    if (req.method === "OPTIONS") return next();
    throw new ApiError("E_NOT_FOUND", `No route for ${req.method} ${req.path.slice(0, 200)}`);
  });
  app.use(problemHandler({ metrics, logger: deps.logger }));
  return app;
}

function measure(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("finish", () => {
      const route = req.route ? `${req.method} ${String(req.route.path)}` : "unmatched";
      metrics.latency(route, performance.now() - started);
      if (res.statusCode >= 400) metrics.error(res.statusCode);
    });
    next();
  };
}
