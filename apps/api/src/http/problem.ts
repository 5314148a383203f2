import type { ErrorRequestHandler, Request, Response } from "express";
import type { Logger } from "pino";
import {
  ApiError,
  PROBLEM_TYPES,
  problemTypeUri,
  type FieldIssue,
  type ProblemCode,
  type ProblemType,
} from "../errors.js";
import type { Metrics } from "../metrics/metrics.js";
import { libraryProblem, libraryRetryAfter } from "./library-errors.js";

// body-parser / raw-body error types and what they mean to a client.
const BODY_ERRORS: Record<string, { code: ProblemCode; detail: string }> = {
  "entity.too.large": { code: "E_PAYLOAD_TOO_LARGE", detail: "The body exceeds 16 kB." },
  "entity.parse.failed": { code: "E_MALFORMED_JSON", detail: "The body is not a valid JSON object." },
  "entity.verify.failed": { code: "E_MALFORMED_JSON", detail: "The body is not a valid JSON object." },
  "encoding.unsupported": { code: "E_UNSUPPORTED_MEDIA_TYPE", detail: "Send application/json in UTF-8." },
  "charset.unsupported": { code: "E_UNSUPPORTED_MEDIA_TYPE", detail: "Send application/json in UTF-8." },
  "request.size.invalid": { code: "E_INVALID_INPUT", detail: "The body could not be read." },
  "request.aborted": { code: "E_INVALID_INPUT", detail: "The body could not be read." },
};

export interface Classified {
  type: ProblemType;
  detail: string;
  issues?: readonly FieldIssue[] | undefined;
  headers?: Readonly<Record<string, string>>;
}

const problemType = (code: ProblemCode): ProblemType => PROBLEM_TYPES.get(code)!;

/** Maps an error (HTTP layer, body parser, or a library's typed error) to a problem type. */
export function classify(error: unknown): Classified {
  if (error instanceof ApiError) {
    return {
      type: problemType(error.code),
      detail: error.message,
      issues: error.issues,
      headers: error.headers,
    };
  }
  const library = libraryProblem(error);
  if (library !== undefined) {
    const type = problemType(library);
    if (type.status === 503) {
      return {
        type,
        detail: "A dependency is unavailable; retry shortly.",
        headers: { "Retry-After": "1" },
      };
    }
    if (type.status >= 500) return { type, detail: "An unexpected error occurred." };
    const { message, issues } = error as Error & { issues?: unknown };
    const retryAfter = libraryRetryAfter(error);
    return {
      type,
      detail: message.slice(0, 300),
      issues: Array.isArray(issues) ? toIssues(issues) : undefined,
      ...(retryAfter === undefined ? {} : { headers: { "Retry-After": String(retryAfter) } }),
    };
  }
  const bodyError = (error as { type?: unknown } | null)?.type;
  if (typeof bodyError === "string" && Object.hasOwn(BODY_ERRORS, bodyError)) {
    const { code, detail } = BODY_ERRORS[bodyError]!;
    return { type: problemType(code), detail };
  }
  // Express's own client errors (http-errors with a 4xx status), such as a path parameter that does not decode.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { type: problemType("E_INVALID_INPUT"), detail: "The request could not be read." };
  }
  return { type: problemType("E_INTERNAL"), detail: "An unexpected error occurred." };
}

/** The one error middleware: every failure leaves as application/problem+json, without stack or internals. */
export function problemHandler(options: { metrics: Metrics; logger: Logger }): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = classify(error);
    if (problem.type.status >= 500) {
      options.logger.error({ err: error, requestId: req.id }, "request failed");
    }
    if (problem.type.code === "E_SOLD_OUT" || problem.type.code === "E_INSUFFICIENT_SEATS") {
      options.metrics.soldOut();
    }
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
    sendProblem(req, res, problem);
  };
}

export function sendProblem(req: Request, res: Response, problem: Classified): void {
  const { type } = problem;
  res
    .status(type.status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: problemTypeUri(type),
        title: type.title,
        status: type.status,
        detail: problem.detail,
        code: type.code,
        requestId: req.id,
        ...(problem.issues?.length ? { errors: problem.issues } : {}),
      }),
    );
}

function toIssues(issues: unknown[]): FieldIssue[] {
  return issues.slice(0, 20).map((issue) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    return {
      path: Array.isArray(path) ? path.join(".") : String(path ?? ""),
      message: String(message ?? "is invalid").slice(0, 300),
    };
  });
}
