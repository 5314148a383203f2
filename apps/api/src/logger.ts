import { pino, type Logger, type LoggerOptions } from "pino";

/** Paths never written to logs. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  "authorization",
  "password",
  "secret",
  "token",
  "*.password",
  "*.secret",
  "*.token",
  "*.jwtSecret",
  "config.auth.secret",
];

/**
 * JSON logs on stdout (or `destination`), secrets redacted. Stdout is written asynchronously (pino flushes it on
 * exit): under a flash sale, a write per line would cost as many system calls as the responses themselves.
 */
export function createLogger(
  options: { level?: LoggerOptions["level"]; destination?: pino.DestinationStream } = {},
): Logger {
  const settings: LoggerOptions = {
    level: options.level ?? "info",
    base: { service: "ticketing-api" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
