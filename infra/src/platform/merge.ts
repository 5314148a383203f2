/** `{ ...base, ...overrides }` except that an override explicitly set to `undefined` keeps the base value. */
export function mergeDefined<B extends object, O extends object>(base: B, overrides: O): B & O {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) result[key] = value;
  }
  return result as B & O;
}
