/** Codes the page itself raises when no problem+json came back. */
export type ClientProblemCode = "E_NETWORK" | "E_UNEXPECTED_RESPONSE";

/** One invalid field of a 400 answer, e.g. `{ path: "body.totalSeats", message: "…" }`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A refusal of the API (RFC 9457 problem details), or a failure to reach it. */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly code: string;
  readonly status: number;
  readonly fields: readonly FieldProblem[];
  /** Seconds from the Retry-After header, when the API sent one. */
  readonly retryAfter: number | undefined;

  constructor(options: {
    code: string;
    status: number;
    detail: string;
    fields?: readonly FieldProblem[];
    retryAfter?: number | undefined;
    cause?: unknown;
  }) {
    super(options.detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.fields = options.fields ?? [];
    this.retryAfter = options.retryAfter;
  }
}

/** Turns a failed response into an ApiProblem, whether or not its body is problem+json. */
export async function problemFrom(response: Response): Promise<ApiProblem> {
  const retry = Number(response.headers.get("Retry-After"));
  const retryAfter = Number.isFinite(retry) && retry >= 0 ? retry : undefined;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/problem+json")) {
    try {
      const body = (await response.json()) as { code?: unknown; detail?: unknown; errors?: unknown };
      if (typeof body.code === "string") {
        return new ApiProblem({
          code: body.code,
          status: response.status,
          detail: typeof body.detail === "string" ? body.detail : response.statusText,
          fields: Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [],
          retryAfter,
        });
      }
    } catch {
      // an unreadable body falls through to the generic problem below
    }
  }
  return new ApiProblem({
    code: "E_UNEXPECTED_RESPONSE",
    status: response.status,
    detail: `HTTP ${response.status}`,
    retryAfter,
  });
}
