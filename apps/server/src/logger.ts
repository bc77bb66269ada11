import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Anything that can hold a secret is redacted by path: credentials in headers,
 * passwords, one-time codes, API secrets and session tokens in bodies or objects we log.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-authentication"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.otp',
  '*.secret',
  '*.token',
  '*.apiSecret',
  '*.pepper',
  'password',
  'otp',
  'secret',
  'token',
  'databaseUrl',
];

export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  // No pid/hostname on every line: one process, one machine.
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
