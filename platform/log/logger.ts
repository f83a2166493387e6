// SPDX-License-Identifier: Apache-2.0
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths that never reach a log line. Secrets (credentials, keys, tokens, one-time codes) and personal data
 * (names, MSISDNs, account numbers) are replaced, wherever they sit in request, response or domain objects.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.dpop',
  'req.headers.signature',
  'req.headers["tpp-signature-certificate"]',
  'req.headers["psu-id"]',
  'req.headers["fspiop-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passcode',
  '*.pin',
  '*.otp',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.privateKey',
  '*.private_key',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.id_token',
  '*.databaseUrl',
  '*.redisUrl',
  '*.msisdn',
  '*.iban',
  '*.firstName',
  '*.lastName',
  '*.fullName',
  '*.dateOfBirth',
] as const;

export interface LoggerSettings {
  level: string;
  /** Where lines go; standard output by default. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
  base?: Record<string, unknown>;
}

/** Creates the process logger: JSON lines, ISO times, secrets and personal data redacted. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'lango', ...settings.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
