import type { ErrorRequestHandler, Request, Response } from "express";
import { ApiError, PROBLEM_TYPES, problemTypeUri, type FieldIssue, type ProblemType } from "../errors.js";
import type { Metrics } from "../metrics/metrics.js";

const INTERNAL = PROBLEM_TYPES.get("E_INTERNAL")!;

// Errors of the libraries that mean "try again shortly" rather than "bug".
const UNAVAILABLE_CODES = new Set(["E_UNAVAILABLE", "E_LOCK_TIMEOUT"]);

// body-parser / raw-body error types and what they mean to a client.
const BODY_ERRORS: Record<string, string> = {
  "entity.too.large": "E_PAYLOAD_TOO_LARGE",
  "entity.parse.failed": "E_MALFORMED_JSON",
  "entity.verify.failed": "E_MALFORMED_JSON",
  "encoding.unsupported": "E_UNSUPPORTED_MEDIA_TYPE",
  "charset.unsupported": "E_UNSUPPORTED_MEDIA_TYPE",
  "request.size.invalid": "E_INVALID_INPUT",
  "request.aborted": "E_INVALID_INPUT",
  "parameters.too.many": "E_PAYLOAD_TOO_LARGE",
};

interface Classified {
  type: ProblemType;
  detail: string;
  issues?: readonly FieldIssue[] | undefined;
  headers?: Readonly<Record<string, string>>;
}

/** Maps an error (HTTP layer, body parser, or a library error with a `code`) to a problem type. */
export function classify(error: unknown): Classified {
  if (error instanceof ApiError) {
    const type = PROBLEM_TYPES.get(error.code) ?? INTERNAL;
    return { type, detail: error.message, issues: error.issues, headers: error.headers };
  }
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    type?: unknown;
    status?: unknown;
    issues?: unknown;
    message?: unknown;
  };
  if (typeof e.type === "string" && BODY_ERRORS[e.type]) {
    const type = PROBLEM_TYPES.get(BODY_ERRORS[e.type]!)!;
    return { type, detail: bodyDetail(e.type) };
  }
  if (typeof e.code === "string") {
    if (UNAVAILABLE_CODES.has(e.code)) {
      return {
        type: PROBLEM_TYPES.get("E_UNAVAILABLE")!,
        detail: "A dependency is unavailable; retry shortly.",
        headers: { "Retry-After": "1" },
      };
    }
    const type = PROBLEM_TYPES.get(e.code);
    if (type && type.status < 500) {
      return {
        type,
        detail: typeof e.message === "string" ? e.message.slice(0, 300) : type.title,
        issues: Array.isArray(e.issues) ? toIssues(e.issues) : undefined,
      };
    }
  }
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return { type: PROBLEM_TYPES.get("E_INVALID_INPUT")!, detail: "The request could not be read." };
  }
  return { type: INTERNAL, detail: "An unexpected error occurred." };
}

/** The one error middleware: every failure leaves as application/problem+json, without stack or internals. */
export function problemHandler(metrics: Metrics): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = classify(error);
    if (problem.type.status >= 500) req.log?.error({ err: error }, "request failed");
    if (problem.type.code === "E_SOLD_OUT" || problem.type.code === "E_INSUFFICIENT_SEATS") metrics.soldOut();
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
    sendProblem(req, res, problem);
  };
}

export function sendProblem(req: Request, res: Response, problem: Classified): void {
  const { type } = problem;
  const body = {
    type: problemTypeUri(type),
    title: type.title,
    status: type.status,
    detail: problem.detail,
    code: type.code,
    requestId: String(req.id ?? ""),
    ...(problem.issues?.length ? { errors: problem.issues } : {}),
  };
  res.status(type.status).type("application/problem+json").send(JSON.stringify(body));
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

function bodyDetail(type: string): string {
  switch (type) {
    case "entity.too.large":
      return "The body exceeds 16 kB.";
    case "parameters.too.many":
      return "Too many parameters.";
    case "encoding.unsupported":
    case "charset.unsupported":
      return "Send application/json in UTF-8.";
    case "entity.parse.failed":
    case "entity.verify.failed":
      return "The body is not a valid JSON object.";
    default:
      return "The body could not be read.";
  }
}
