// SPDX-License-Identifier: Apache-2.0
import { toLangoError, type ErrorCode, type LangoError } from '../lango-error.js';
import { detailOverride, publicText, responseHeaders, statusFor, truncate, type RenderedError, type RenderOptions } from './rendered-error.js';

export const OAUTH_CONTENT_TYPE = 'application/json';

/**
 * OAuth `error` codes Lango may send, where they are defined, and their statuses (the default first). The error's
 * own status is kept when listed, so a resource raising UNAUTHENTICATED with invalid_dpop_proof answers 401.
 */
export const OAUTH_ERRORS = {
  invalid_request: { statuses: [400] }, // RFC 6749 §5.2, RFC 6750 §3.1
  invalid_client: { statuses: [401] }, // RFC 6749 §5.2
  invalid_grant: { statuses: [400] }, // RFC 6749 §5.2
  unauthorized_client: { statuses: [400] }, // RFC 6749 §5.2
  unsupported_grant_type: { statuses: [400] }, // RFC 6749 §5.2
  invalid_scope: { statuses: [400] }, // RFC 6749 §5.2
  access_denied: { statuses: [400] }, // RFC 6749 §4.1.2.1; as a token endpoint error, RFC 8628 §3.5
  unsupported_response_type: { statuses: [400] }, // RFC 6749 §4.1.2.1
  server_error: { statuses: [500] }, // RFC 6749 §4.1.2.1
  temporarily_unavailable: { statuses: [503] }, // RFC 6749 §4.1.2.1
  invalid_token: { statuses: [401] }, // RFC 6750 §3.1
  insufficient_scope: { statuses: [403] }, // RFC 6750 §3.1
  unsupported_token_type: { statuses: [400] }, // RFC 7009 §2.2.1
  invalid_request_uri: { statuses: [400] }, // RFC 9101 §6.2, used by PAR (RFC 9126 §2.2)
  invalid_request_object: { statuses: [400] }, // RFC 9101 §6.2
  invalid_authorization_details: { statuses: [400] }, // RFC 9396 §5
  invalid_dpop_proof: { statuses: [400, 401] }, // RFC 9449 §5 at the token endpoint, §7.1 at a resource
  use_dpop_nonce: { statuses: [400, 401] }, // RFC 9449 §8 at the token endpoint, §9 at a resource
  authorization_pending: { statuses: [400] }, // RFC 8628 §3.5, OpenID CIBA §11
  slow_down: { statuses: [400] }, // RFC 8628 §3.5
  expired_token: { statuses: [400] }, // RFC 8628 §3.5
  invalid_redirect_uri: { statuses: [400] }, // RFC 7591 §3.2.2
  invalid_client_metadata: { statuses: [400] }, // RFC 7591 §3.2.2
  invalid_software_statement: { statuses: [400] }, // RFC 7591 §3.2.2
  unapproved_software_statement: { statuses: [400] }, // RFC 7591 §3.2.2
} as const satisfies Record<string, { statuses: readonly [number, ...number[]] }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

/** Lango code → OAuth error; `status` only where HTTP itself has a better one than the OAuth table. */
const BY_LANGO_CODE: Record<ErrorCode, { error: OAuthErrorCode; status?: number }> = {
  CONFIG_INVALID: { error: 'server_error' },
  STARTUP_FAILED: { error: 'server_error' },
  LISTENER_BIND_FAILED: { error: 'server_error' },
  STORE_UNAVAILABLE: { error: 'temporarily_unavailable' },
  CACHE_UNAVAILABLE: { error: 'temporarily_unavailable' },
  EVENT_LOG_UNAVAILABLE: { error: 'temporarily_unavailable' },
  VALIDATION_FAILED: { error: 'invalid_request' },
  MALFORMED_SYNTAX: { error: 'invalid_request' },
  MISSING_ELEMENT: { error: 'invalid_request' },
  UNSUPPORTED_VERSION: { error: 'invalid_request' },
  // The authorisation server mostly authenticates clients; a resource raises invalid_token via details.oauthError.
  UNAUTHENTICATED: { error: 'invalid_client' },
  // RFC 8705 §2: a failed mutual-TLS client authentication is invalid_client.
  CERTIFICATE_INVALID: { error: 'invalid_client' },
  FORBIDDEN: { error: 'unauthorized_client' },
  NOT_FOUND: { error: 'invalid_request' },
  // Not an OAuth endpoint at all: keep HTTP's answer.
  ROUTE_NOT_FOUND: { error: 'invalid_request', status: 404 },
  METHOD_NOT_ALLOWED: { error: 'invalid_request', status: 405 },
  CONFLICT: { error: 'invalid_request' },
  DUPLICATE_MODIFIED: { error: 'invalid_request' },
  PAYLOAD_TOO_LARGE: { error: 'invalid_request' },
  // RFC 6749 §3.2 requires application/x-www-form-urlencoded; anything else is a malformed request.
  UNSUPPORTED_MEDIA_TYPE: { error: 'invalid_request' },
  // OAuth has no rate-limit error outside device polling (slow_down); 429 (RFC 6585 §4) carries Retry-After.
  RATE_LIMITED: { error: 'temporarily_unavailable', status: 429 },
  UPSTREAM_FAILED: { error: 'server_error' },
  UNAVAILABLE: { error: 'temporarily_unavailable' },
  UPSTREAM_TIMEOUT: { error: 'temporarily_unavailable' },
  NOT_IMPLEMENTED: { error: 'invalid_request' },
  INTERNAL: { error: 'server_error' },
  BUSINESS_RULE_REJECTED: { error: 'access_denied' },
};

const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/;

/**
 * The challenge a 401/403 needs. RFC 6750 §3: a bearer error names itself in the challenge; RFC 9449 §7.1 uses
 * the DPoP scheme for DPoP-bound tokens (`details.authScheme: 'DPoP'`). RFC 6749 §5.2: invalid_client answers
 * with the scheme the client tried, Basic unless `details.authScheme` says otherwise (RFC 7617 requires a realm).
 */
function challenge(error: LangoError, oauthError: OAuthErrorCode, options: RenderOptions): Record<string, string> {
  const named = error.details?.['authScheme'];
  const scheme = typeof named === 'string' && AUTH_SCHEME.test(named) ? named : undefined;
  if (oauthError === 'invalid_token' || oauthError === 'insufficient_scope') {
    return { 'WWW-Authenticate': `${scheme ?? 'Bearer'} error="${oauthError}"` };
  }
  if (oauthError === 'invalid_client') {
    const realm = (options.realm ?? 'lango').replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '');
    return { 'WWW-Authenticate': `${scheme ?? 'Basic'} realm="${realm}"` };
  }
  return {};
}

/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E; 500 characters is Lango's bound. */
function describe(text: string): string {
  return truncate(text.replace(/"/g, "'").replace(/\\/g, '/').replace(/[^\x20-\x7e]/g, '?'), 500);
}

/**
 * Renders `{ error, error_description }` (RFC 6749 §5.2, RFC 6750 §3). `details.oauthError` names the precise
 * error (invalid_grant, invalid_token, …) when it is one of OAUTH_ERRORS.
 */
export function renderOAuthError(thrown: unknown, options: RenderOptions = {}): RenderedError {
  const error = toLangoError(thrown);
  const override = detailOverride<OAuthErrorCode>(error, 'oauthError', OAUTH_ERRORS);
  const mapped = BY_LANGO_CODE[error.code];
  const oauthError = override ?? mapped.error;
  const allowed = !override && mapped.status ? ([mapped.status] as const) : OAUTH_ERRORS[oauthError].statuses;
  return {
    status: statusFor(allowed, error),
    headers: responseHeaders(error, challenge(error, oauthError, options)),
    contentType: OAUTH_CONTENT_TYPE,
    body: { error: oauthError, error_description: describe(publicText(error)) },
  };
}
