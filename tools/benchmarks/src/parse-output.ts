/** What one bench printed: its closing JSON object and everything before it that a reader needs. */
export interface ParsedBench {
  json: Record<string, unknown> | undefined;
  jsonLine: string | undefined;
  /** The bench's own output, less Nx's decoration and the JSON line. */
  body: string;
}

// eslint-disable-next-line no-control-regex -- colour codes are exactly what has to go
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

const NX_NOISE = [
  /^\s*>\s*nx run /,
  /^\s*NX\s/,
  /^\s*—+\s*$/,
  /Successfully ran target/,
  /Nx read the output/,
  /^\s*>\s+\S+@\S+ \S+$/,
  /^\s*>\s+node /,
];

const NX_FOOTER = /^\s*(NX\s|Run duration:|—{5,})/;

/** Removes terminal colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_COLOUR, "");
}

/** The bench contract: the last line that is a JSON object with a `bench` field is the result for scripts. */
export function parseBenchOutput(stdout: string): ParsedBench {
  const lines = stripAnsi(stdout).split(/\r?\n/);
  let json: Record<string, unknown> | undefined;
  let jsonIndex = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = (lines[i] ?? "").trim();
    if (!text.startsWith("{")) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === "object" && value !== null && "bench" in value) {
        json = value as Record<string, unknown>;
        jsonIndex = i;
        break;
      }
    } catch {
      // not the result line
    }
  }
  // Nx's closing summary (status line, durations, cache hints) follows the bench's own output.
  const footer = lines.findIndex((line, i) => i > jsonIndex && jsonIndex >= 0 && NX_FOOTER.test(line));
  const own = footer >= 0 ? lines.slice(0, footer) : lines;
  const kept = own.filter((line, i) => i !== jsonIndex && !NX_NOISE.some((pattern) => pattern.test(line)));
  while (kept.length && !kept[0]?.trim()) kept.shift();
  while (kept.length && !kept[kept.length - 1]?.trim()) kept.pop();
  return {
    json,
    jsonLine: jsonIndex >= 0 ? (lines[jsonIndex] ?? "").trim() : undefined,
    body: kept.join("\n"),
  };
}

/** Flattens nested objects to dotted paths: `{ratios: {a: 1}}` -> `[["ratios.a", 1]]`. */
export function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}
