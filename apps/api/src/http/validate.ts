import type { z } from "zod";
import { ApiError, type FieldIssue } from "../errors.js";

/** Parses `value` or throws E_INVALID_INPUT with one issue per bad field, paths prefixed by `where`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues
    .map((issue) => {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      return keys.map((key) => ({
        path: [where, ...issue.path.map(String), ...(key === undefined ? [] : [key])].join("."),
        message: issue.code === "unrecognized_keys" ? "is not a known field" : issue.message,
      }));
    })
    .flat();
  throw new ApiError("E_INVALID_INPUT", `Invalid ${where}`, { issues: issues.slice(0, 20) });
}
