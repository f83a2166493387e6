// SPDX-License-Identifier: Apache-2.0
import { LangoError, toLangoError, type ErrorCode, type LangoErrorOptions } from '../lango-error.js';
import { BERLIN_GROUP_BODYLESS_STATUSES, BERLIN_GROUP_CODES, type BerlinGroupCode } from './berlin-group-codes.js';
import { detailOverride, publicText, responseHeaders, statusFor, truncate, type RenderedError } from './rendered-error.js';

export const BERLIN_GROUP_CONTENT_TYPE = 'application/json';

type BodylessStatus = (typeof BERLIN_GROUP_BODYLESS_STATUSES)[number];

/**
 * Lango code → NextGenPSD2 message code, or `{ bodyless }` where the spec has no valid code for the status and so no
 * body: server-side failures become 500 or 503, the only server statuses the YAML defines (not 502 or 504).
 */
const BY_LANGO_CODE: Record<ErrorCode, BerlinGroupCode | { bodyless: BodylessStatus }> = {
  CONFIG_INVALID: { bodyless: 500 },
  STARTUP_FAILED: { bodyless: 500 },
  LISTENER_BIND_FAILED: { bodyless: 500 },
  STORE_UNAVAILABLE: { bodyless: 503 },
  CACHE_UNAVAILABLE: { bodyless: 503 },
  EVENT_LOG_UNAVAILABLE: { bodyless: 503 },
  VALIDATION_FAILED: 'FORMAT_ERROR',
  MALFORMED_SYNTAX: 'FORMAT_ERROR',
  MISSING_ELEMENT: 'FORMAT_ERROR',
  // 406 is about the Accept header; REQUESTED_FORMATS_INVALID is its only code.
  UNSUPPORTED_VERSION: 'REQUESTED_FORMATS_INVALID',
  // "The OAuth2 token is associated to the TPP but is not valid for the addressed service/resource".
  UNAUTHENTICATED: 'TOKEN_INVALID',
  CERTIFICATE_INVALID: 'CERTIFICATE_INVALID',
  // The guidelines answer a TPP lacking the PSD2 role (PSP_AI, PSP_PI, ...) with 401 ROLE_INVALID, not 403.
  FORBIDDEN: 'ROLE_INVALID',
  NOT_FOUND: 'RESOURCE_UNKNOWN',
  ROUTE_NOT_FOUND: 'RESOURCE_UNKNOWN',
  METHOD_NOT_ALLOWED: 'SERVICE_INVALID',
  CONFLICT: 'STATUS_INVALID',
  // 409 is the spec's conflict status and STATUS_INVALID its only code.
  DUPLICATE_MODIFIED: 'STATUS_INVALID',
  PAYLOAD_TOO_LARGE: 'FORMAT_ERROR',
  UNSUPPORTED_MEDIA_TYPE: { bodyless: 415 },
  RATE_LIMITED: 'ACCESS_EXCEEDED',
  UPSTREAM_FAILED: { bodyless: 503 },
  UNAVAILABLE: { bodyless: 503 },
  UPSTREAM_TIMEOUT: { bodyless: 503 },
  // "The addressed service is not valid for the addressed resources or the submitted data."
  NOT_IMPLEMENTED: 'SERVICE_INVALID',
  INTERNAL: { bodyless: 500 },
  BUSINESS_RULE_REJECTED: 'PAYMENT_FAILED',
};

/**
 * Renders `{ tppMessages: [{ category: 'ERROR', code, path?, text }] }` (schema tppMessageGeneric; text maxLength 500).
 * `details.berlinGroupCode` names the precise code (CONSENT_EXPIRED, …) and wins over the mapping when it is one of
 * the guidelines' codes. The error's status is kept when the guidelines allow it for the code (METHOD_NOT_ALLOWED
 * keeps 405 for SERVICE_INVALID, a NotFoundError raised with 403 stays 403), else the code's first status is sent
 * (FORBIDDEN's 403 becomes ROLE_INVALID's 401). For 415, 500 and 503 the YAML defines no body, so none is sent.
 */
export function renderBerlinGroupError(thrown: unknown): RenderedError {
  const error = toLangoError(thrown);
  const override = detailOverride<BerlinGroupCode>(error, 'berlinGroupCode', BERLIN_GROUP_CODES);
  const mapped = override ?? BY_LANGO_CODE[error.code];
  if (typeof mapped === 'object') {
    const status = statusFor([mapped.bodyless, ...BERLIN_GROUP_BODYLESS_STATUSES], error);
    return { status, headers: responseHeaders(error), contentType: BERLIN_GROUP_CONTENT_TYPE, body: undefined };
  }
  const message = {
    category: 'ERROR' as const,
    code: mapped,
    ...(error.expose && error.path ? { path: error.path } : {}),
    text: truncate(publicText(error), 500),
  };
  return {
    status: statusFor(BERLIN_GROUP_CODES[mapped].statuses, error),
    headers: responseHeaders(error),
    contentType: BERLIN_GROUP_CONTENT_TYPE,
    body: { tppMessages: [message] },
  };
}

/**
 * Raises a precise NextGenPSD2 error, e.g. `berlinGroupError('CONSENT_EXPIRED', 'consent 42 expired')`, or
 * `berlinGroupError('RESOURCE_UNKNOWN', …, { status: 403 })` for an unknown payment id in the path.
 */
export function berlinGroupError(
  code: BerlinGroupCode,
  message: string,
  options: LangoErrorOptions = {},
): LangoError {
  const entry = BERLIN_GROUP_CODES[code];
  const allowed: readonly number[] = entry.statuses;
  if (options.status !== undefined && !allowed.includes(options.status)) {
    throw new RangeError(`Berlin Group ${code} is answered with ${allowed.join(' or ')}, not ${options.status}`);
  }
  return new LangoError(entry.lango, message, {
    ...options,
    status: options.status ?? allowed[0],
    details: { ...options.details, berlinGroupCode: code },
  });
}
