import cors from "cors";
import express, { type Express, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import { authenticate } from "./auth/authenticate.js";
import { addDevSignInRoute, type DevSignInDeps } from "./auth/dev-sign-in.js";
import type { TokenVerifier } from "./auth/verify-token.js";
import { renderDocsPage } from "./docs-page.js";
import type { Engine } from "./engine.js";
import { ApiError } from "./errors.js";
import { weakEtag } from "./http/etag.js";
import { inOneLayer } from "./http/in-one-layer.js";
import { problemHandler } from "./http/problem.js";
import { createRateLimiters, type RateLimiters } from "./http/rate-limit.js";
import { requestLogger } from "./http/request-logger.js";
import { requireJson } from "./http/require-json.js";
import { apiHeaders, docsPageHeaders } from "./http/security-headers.js";
import { createLifecycle, type Lifecycle } from "./lifecycle.js";
import { noopMetrics, type Metrics } from "./metrics/metrics.js";
import { buildOpenApi } from "./openapi.js";
import { addEventRoutes, type ResponseCache } from "./routes/events.js";
import { addHealthRoute, HEALTH_PATHS } from "./routes/health.js";
import { addReservationRoutes } from "./routes/reservations.js";
import { createReservationSchema } from "./schemas.js";
import { webAssets } from "./web/web-assets.js";

export interface AppDeps {
  engine: Engine;
  verifier: TokenVerifier;
  logger: Logger;
  /** @default noopMetrics */
  metrics?: Metrics;
  /** @default per-process memory limiters with the default limits */
  limiters?: RateLimiters;
  /** Set by `start().stop()`; health answers DOWN and keep-alive ends once `shuttingDown`. */
  lifecycle?: Lifecycle;
  /** Origins allowed by CORS. @default [] (same-origin only) */
  corsOrigins?: readonly string[];
  /** Proxy hops to trust for the client IP (X-Forwarded-For). @default 0 */
  trustProxy?: number;
  /** @default 10 */
  maxQuantityPerRequest?: number;
  /** In-process cache of GET /api/events/{id} responses; its ttl bounds how stale availableSeats may be. */
  responseCache?: ResponseCache;
  /** Mounts POST /api/dev/sign-in signing with this; set only when `devSignInAllowed(config)`. @default absent (404) */
  devSignIn?: DevSignInDeps["auth"];
  /** The built web app (apps/web/dist), served at `/`. @default none (`GET /` is 404) */
  webRoot?: string;
}

/** Builds the Express app. It owns no resources: the caller closes the engine, limiters and metrics. */
export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? noopMetrics;
  const limiters = deps.limiters ?? createRateLimiters();
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const createSchema = createReservationSchema(deps.maxQuantityPerRequest ?? 10);
  const openapi = buildOpenApi({ createReservationSchema: createSchema, devSignIn: !!deps.devSignIn });
  const openapiJson = Buffer.from(JSON.stringify(openapi));
  const openapiEtag = weakEtag(openapiJson);
  const docsHtml = Buffer.from(renderDocsPage(openapi));
  const docsEtag = weakEtag(docsHtml);

  const app = express();
  app.locals.lifecycle = lifecycle;
  app.disable("x-powered-by");
  // Read routes set their own ETags (http/etag.ts); Express's would hash every POST answer and problem body too.
  app.set("etag", false);
  if (deps.trustProxy) app.set("trust proxy", deps.trustProxy);

  const prelude: RequestHandler[] = [
    requestLogger(app, deps.logger),
    (_req, res, next) => {
      if (lifecycle.shuttingDown) res.setHeader("Connection", "close");
      next();
    },
  ];
  if (metrics !== noopMetrics) prelude.push(measure(metrics));
  prelude.push(apiHeaders);
  // cors() with no allowed origin only calls next(): added when there is an allow-list.
  if (deps.corsOrigins?.length) {
    prelude.push(
      cors({
        origin: [...deps.corsOrigins],
        methods: ["GET", "POST", "DELETE"],
        allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
        exposedHeaders: ["Location", "Retry-After", "X-Request-Id", "RateLimit", "RateLimit-Policy"],
        maxAge: 600,
      }),
    );
  }
  // Load balancer probes are never refused.
  prelude.push((req, res, next) => (HEALTH_PATHS.has(req.path) ? next() : limiters.ip(req, res, next)));
  app.use(inOneLayer(...prelude));

  // Routes sit on the app's own router, the hot ones first: every route a request walks past costs it a match.
  const user: RequestHandler[] = [authenticate(deps.verifier), limiters.user];
  const admin: RequestHandler[] = [authenticate(deps.verifier, { role: "admin" }), limiters.user];
  addEventRoutes(app, {
    engine: deps.engine,
    adminWrite: [...admin, requireJson],
    responseCache: deps.responseCache,
  });
  addReservationRoutes(app, {
    engine: deps.engine,
    metrics,
    createSchema,
    userRead: user,
    userWrite: [...user, requireJson],
  });
  addHealthRoute(app, deps.engine, lifecycle);
  if (deps.devSignIn) addDevSignInRoute(app, { auth: deps.devSignIn });
  app.get("/api/openapi.json", (_req, res) => {
    res.type("application/json").setHeader("ETag", openapiEtag).send(openapiJson);
  });
  app.get("/api/docs", docsPageHeaders, (_req, res) => {
    res.type("text/html").setHeader("ETag", docsEtag).send(docsHtml);
  });
  if (deps.webRoot) app.use(webAssets({ root: deps.webRoot }));

  app.use((req: Request) => {
    throw new ApiError("E_NOT_FOUND", `No route for ${req.method} ${req.path.slice(0, 200)}`);
  });
  app.use(problemHandler(metrics));
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
