// SPDX-License-Identifier: Apache-2.0
import { ERROR_CODES, RateLimitedError, type LangoError } from '../lango-error.js';

/** An error as it goes over the wire: the edge writes exactly this and nothing else. */
export interface RenderedError {
  status: number;
  headers?: Record<string, string>;
  contentType: string;
  /** `undefined` where the dialect prescribes no body (Berlin Group 415, 500, 503). */
  body: unknown;
}

export interface RenderOptions {
  /** When the error happened (GSMA `errorDateTime`); defaults to the time of rendering. */
  now?: Date;
  /** RFC 9457 `instance`: a URI naming this occurrence, for example the request path or `urn:uuid:<request id>`. */
  instance?: string;
  /** Prefix of RFC 9457 `type` URIs; point it at published docs once they exist. */
  problemTypeBase?: string;
  /** RFC 7617 realm of the Basic challenge sent with OAuth `invalid_client`. */
  realm?: string;
}

export type ErrorRenderer = (error: unknown, options?: RenderOptions) => RenderedError;

/** What the caller may read: the message when the error is exposed, else the code's generic title. */
export function publicText(error: LangoError): string {
  return error.expose && error.message ? error.message : ERROR_CODES[error.code].title;
}

/**
 * STYLE point 4: the status comes from the dialect's table, and the place of the fault may choose another one the
 * dialect allows for the same wire code (Berlin Group answers RESOURCE_UNKNOWN with 404, 403 or 400 depending on
 * where the id was). The error's status (its code's default or the place's choice) is kept when `allowed`
 * contains it; otherwise the dialect's default, `allowed[0]`, is sent.
 */
export function statusFor(allowed: readonly [number, ...number[]], error: LangoError): number {
  return allowed.includes(error.status) ? error.status : allowed[0];
}

/** Reads a string-valued dialect override from `details`, accepting only values of the dialect's table. */
export function detailOverride<T extends string>(error: LangoError, key: string, allowed: Readonly<Record<T, unknown>>): T | undefined {
  const value = error.details?.[key];
  return typeof value === 'string' && Object.hasOwn(allowed, value) ? (value as T) : undefined;
}

/** Whole seconds until a retry makes sense, from RateLimitedError or `details.retryAfterSeconds`. */
export function retryAfterSeconds(error: LangoError): number | undefined {
  const value = error instanceof RateLimitedError ? error.retryAfterSeconds : error.details?.['retryAfterSeconds'];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined;
}

/** `Retry-After` as delay-seconds (RFC 9110 §10.2.3), plus any dialect headers; `undefined` when empty. */
export function responseHeaders(error: LangoError, extra: Record<string, string> = {}): Record<string, string> | undefined {
  const seconds = retryAfterSeconds(error);
  const headers = seconds === undefined ? extra : { ...extra, 'Retry-After': String(seconds) };
  return Object.keys(headers).length > 0 ? headers : undefined;
}

/**
 * Cuts text to a dialect's maxLength. UTF-16 units never undercount the code points JSON Schema counts, so the
 * result always fits; the marker is ASCII because OAuth descriptions allow nothing else (RFC 6749 §5.2).
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 3);
  // Never leave half of a surrogate pair behind.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}...`;
}
