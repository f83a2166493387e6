// SPDX-License-Identifier: Apache-2.0

/**
 * Every failure Lango reports has a stable code. Codes are only ever added, never reused or renamed:
 * API adapters map them to their own wire format (see ./dialects), operators search logs by them.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { status: 500, expose: false, title: 'Configuration is invalid' },
  STARTUP_FAILED: { status: 500, expose: false, title: 'Start-up failed' },
  LISTENER_BIND_FAILED: { status: 500, expose: false, title: 'A listener could not bind its address' },
  STORE_UNAVAILABLE: { status: 503, expose: true, title: 'The store is unavailable' },
  CACHE_UNAVAILABLE: { status: 503, expose: true, title: 'The cache is unavailable' },
  EVENT_LOG_UNAVAILABLE: { status: 503, expose: true, title: 'The event log is unavailable' },
  VALIDATION_FAILED: { status: 400, expose: true, title: 'The request is not valid' },
  MALFORMED_SYNTAX: { status: 400, expose: true, title: 'The request could not be parsed' },
  MISSING_ELEMENT: { status: 400, expose: true, title: 'A mandatory element is missing' },
  UNSUPPORTED_VERSION: { status: 406, expose: true, title: 'The requested API version is not supported' },
  UNAUTHENTICATED: { status: 401, expose: true, title: 'Authentication is required' },
  CERTIFICATE_INVALID: { status: 401, expose: true, title: 'The client certificate is not valid' },
  FORBIDDEN: { status: 403, expose: true, title: 'The caller may not do this' },
  NOT_FOUND: { status: 404, expose: true, title: 'The resource does not exist' },
  ROUTE_NOT_FOUND: { status: 404, expose: true, title: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, expose: true, title: 'The method is not allowed on this endpoint' },
  CONFLICT: { status: 409, expose: true, title: 'The request conflicts with the resource state' },
  DUPLICATE_MODIFIED: { status: 409, expose: true, title: 'A request with this idempotency key had different content' },
  PAYLOAD_TOO_LARGE: { status: 413, expose: true, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, expose: true, title: 'The content type is not supported' },
  RATE_LIMITED: { status: 429, expose: true, title: 'Too many requests' },
  UPSTREAM_FAILED: { status: 502, expose: true, title: 'A downstream system failed' },
  UNAVAILABLE: { status: 503, expose: true, title: 'The service is unavailable' },
  UPSTREAM_TIMEOUT: { status: 504, expose: true, title: 'A downstream system did not answer in time' },
  NOT_IMPLEMENTED: { status: 501, expose: true, title: 'Not implemented' },
  INTERNAL: { status: 500, expose: false, title: 'Internal error' },
  // A valid request refused by a business rule (limits, funds, payer/payee rejection): FSPIOP 4xxx/5xxx,
  // GSMA `businessRule`, Berlin Group PAYMENT_FAILED. RFC 9110 §15.5.21: the content was understood but not processed.
  BUSINESS_RULE_REJECTED: { status: 422, expose: true, title: 'A business rule refused the request' },
} as const satisfies Record<string, { status: number; expose: boolean; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface LangoErrorOptions {
  cause?: unknown;
  /** Overrides the code's default HTTP status where the place of the fault decides it. */
  status?: number;
  /** Which input the error is about: a JSON path, header or parameter name. */
  path?: string;
  /** Structured details safe to show the caller when the error is exposed. */
  details?: Record<string, unknown>;
}

/**
 * Base class of every Lango error. `expose` says whether `message` may reach the caller; when false the
 * renderers show only the code's generic title, so internals (SQL, hostnames, stack) never leak.
 */
export class LangoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly path: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: LangoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code].status;
    this.expose = ERROR_CODES[code].expose;
    this.path = options.path;
    this.details = options.details;
  }
}

export class ConfigError extends LangoError {
  /** The option at fault, as the user spells it (`LANGO_PUBLIC_PORT`). */
  readonly option: string;
  constructor(option: string, message: string) {
    super('CONFIG_INVALID', `${option}: ${message}`);
    this.option = option;
  }
}

/** A failure that stops the process at start-up; its message is the one line the operator reads. */
export class StartupError extends LangoError {
  constructor(message: string, options: LangoErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'STARTUP_FAILED', message, options);
  }
}

export class ValidationError extends LangoError {
  constructor(message: string, options: LangoErrorOptions = {}) {
    super('VALIDATION_FAILED', message, options);
  }
}

export class NotFoundError extends LangoError {
  constructor(message: string, options: LangoErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

export class ConflictError extends LangoError {
  constructor(message: string, options: LangoErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

export class UnauthenticatedError extends LangoError {
  constructor(message: string, options: LangoErrorOptions = {}) {
    super('UNAUTHENTICATED', message, options);
  }
}

export class ForbiddenError extends LangoError {
  constructor(message: string, options: LangoErrorOptions = {}) {
    super('FORBIDDEN', message, options);
  }
}

export class RateLimitedError extends LangoError {
  /** Seconds until the caller may try again (the Retry-After header). */
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `rate limit reached; retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UnavailableError extends LangoError {
  constructor(code: 'STORE_UNAVAILABLE' | 'CACHE_UNAVAILABLE' | 'EVENT_LOG_UNAVAILABLE' | 'UNAVAILABLE', message: string, options: LangoErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Turns anything thrown into a LangoError; unknown throwables become INTERNAL and keep the original as cause. */
export function toLangoError(error: unknown): LangoError {
  if (error instanceof LangoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LangoError('INTERNAL', message, { cause: error });
}

/** Removes the password of a connection URL so it can be shown in a message or log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
