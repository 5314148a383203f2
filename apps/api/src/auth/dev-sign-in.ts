import type { IRouter } from "express";
import { createDecoder } from "fast-jwt";
import { z } from "zod";
import type { ApiConfig } from "../config.js";
import { requireJson } from "../http/require-json.js";
import { validate } from "../http/validate.js";
import { UserIdSchema } from "../schemas.js";
import { signToken } from "./sign-token.js";

export const DEV_SIGN_IN_PATH = "/api/dev/sign-in";

/** Lifetime of a development token: a working day. */
export const DEV_SIGN_IN_TTL_SECONDS = 8 * 3600;

export const DevSignInSchema = z.strictObject({
  name: z.string().trim().pipe(UserIdSchema).describe("becomes the token's `sub`: your user id"),
  role: z.enum(["user", "admin"]).default("user"),
});

export const DevSessionSchema = z.strictObject({
  token: z.string().describe("HS256 JWT signed with the development secret"),
  userId: UserIdSchema,
  role: z.enum(["user", "admin"]),
  expiresAt: z.iso.datetime({ offset: true }),
});

/**
 * True only when the app signs with the built-in development secret (no JWT_SECRET, no JWKS_URL) and NODE_ENV is not
 * production: then anyone can mint a token with `npm run token` anyway, and the endpoint gives nothing away.
 */
export function devSignInAllowed(config: Pick<ApiConfig, "production" | "auth">): boolean {
  return !config.production && config.auth.devSecret;
}

export interface DevSignInDeps {
  /** The secret (and issuer/audience) the app verifies tokens with. */
  auth: Pick<ApiConfig["auth"], "secret" | "issuer" | "audience">;
}

/** POST /api/dev/sign-in: a token for the name typed, with the role asked for. Mount only when devSignInAllowed. */
export function addDevSignInRoute(router: IRouter, { auth }: DevSignInDeps): void {
  const decode = createDecoder();
  router.post(DEV_SIGN_IN_PATH, requireJson, async (req, res) => {
    const { name, role } = validate(DevSignInSchema, req.body, "body");
    const token = await signToken({ userId: name, role }, auth, DEV_SIGN_IN_TTL_SECONDS);
    const expiresAt = new Date(Number(decode(token).exp) * 1000).toISOString();
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json({ token, userId: name, role, expiresAt });
  });
}

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return rest;
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** The OpenAPI path item of {@link DEV_SIGN_IN_PATH}, listed only when the route is mounted. */
export function devSignInPathItem(): Record<string, unknown> {
  return {
    post: {
      operationId: "devSignIn",
      summary:
        "Development only: a token for the name you type. Absent (404) with NODE_ENV=production or when JWT_SECRET or JWKS_URL is set",
      requestBody: {
        required: true,
        content: { "application/json": { schema: jsonSchema(DevSignInSchema) } },
      },
      responses: {
        "201": {
          description: "A token valid for 8 hours",
          content: { "application/json": { schema: jsonSchema(DevSessionSchema) } },
        },
        "400": problem("Invalid body"),
        "413": problem("Body over 16 kB"),
        "415": problem("Not application/json"),
        "429": problem("Rate limit exceeded; see the Retry-After header"),
      },
    },
  };
}
