// SPDX-License-Identifier: Apache-2.0
import { LangoError, toLangoError, type ErrorCode, type LangoErrorOptions } from '../lango-error.js';
import { fspiopErrorInfo, type FspiopCategory, type FspiopCode, type FspiopErrorInfo } from './fspiop-catalogue.js';
import { responseHeaders, statusFor, truncate, type RenderedError } from './rendered-error.js';

export const FSPIOP_CONTENT_TYPE = 'application/json';

/**
 * The error statuses of Table 4 (HTTP response status codes, §3.2). An error whose own status is one of them keeps
 * it (401, 403 and 405 have no FSPIOP codes of their own and travel as 3000); any other status (409, 413, 422, 502,
 * 504, …) becomes the catalogue's status for the code. 500 is not in Table 4 and comes only from the catalogue.
 */
const TABLE_4_STATUSES = [400, 401, 403, 404, 405, 406, 501, 503] as const;

/** Lango code → FSPIOP code. */
const BY_LANGO_CODE: Record<ErrorCode, FspiopCode> = {
  CONFIG_INVALID: '2001',
  STARTUP_FAILED: '2001',
  LISTENER_BIND_FAILED: '2001',
  STORE_UNAVAILABLE: '2003',
  CACHE_UNAVAILABLE: '2003',
  EVENT_LOG_UNAVAILABLE: '2003',
  VALIDATION_FAILED: '3100',
  MALFORMED_SYNTAX: '3101',
  MISSING_ELEMENT: '3102',
  UNSUPPORTED_VERSION: '3001',
  UNAUTHENTICATED: '3000',
  CERTIFICATE_INVALID: '3000',
  FORBIDDEN: '3000',
  // Answered 404, Table 4's "resource specified in the URI was not found"; 32xx in the catalogue say 400 because
  // they mostly travel in callbacks, where the status is not theirs.
  NOT_FOUND: '3200',
  ROUTE_NOT_FOUND: '3002',
  METHOD_NOT_ALLOWED: '3000',
  // A request the resource's state does not allow (a transfer already committed) fails validation.
  CONFLICT: '3100',
  // "Duplicate Analysis in Server" (§3.2): same id, different content.
  DUPLICATE_MODIFIED: '3106',
  PAYLOAD_TOO_LARGE: '3104',
  // The Content-Type carries the resource and version; one that does not parse is malformed, as the switch says.
  UNSUPPORTED_MEDIA_TYPE: '3101',
  RATE_LIMITED: '2005',
  UPSTREAM_FAILED: '1001',
  UNAVAILABLE: '2003',
  UPSTREAM_TIMEOUT: '2004',
  NOT_IMPLEMENTED: '2002',
  INTERNAL: '2001',
  // Most requests Lango answers on the scheme side (quotes, transfers) go to the payee FSP; a raiser that knows
  // better uses fspiopError('4100', …).
  BUSINESS_RULE_REJECTED: '5100',
};

/** ErrorDescription is String(1..128) (§7.3); Mojaloop writes "<name> - <detail>". */
function description(error: LangoError, info: FspiopErrorInfo): string {
  const text = error.expose && error.message && error.message !== info.name ? `${info.name} - ${error.message}` : info.name;
  return truncate(text, 128);
}

/** ExtensionList (§7.4, Table 84): 1..16 entries, key String(1..32), value String(1..128). */
function extensionList(error: LangoError): { extension: { key: string; value: string }[] } | undefined {
  const extensions = error.details?.['fspiopExtensions'];
  if (!error.expose || typeof extensions !== 'object' || extensions === null) return undefined;
  const extension = Object.entries(extensions)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '' && entry[1] !== '')
    .slice(0, 16)
    .map(([key, value]) => ({ key: truncate(key, 32), value: truncate(value, 128) }));
  return extension.length > 0 ? { extension } : undefined;
}

/**
 * Renders `{ errorInformation: { errorCode, errorDescription, extensionList? } }` (ErrorInformationResponse) with
 * the error's own status when Table 4 has it, else the catalogue's.
 * `details.fspiopCode` (catalogue or scheme-defined code) wins over the mapping; `details.fspiopExtensions`
 * (key → value) becomes the extension list, e.g. the supported versions with 3001 (§3.3, Listing 5).
 */
export function renderFspiopError(thrown: unknown): RenderedError {
  const error = toLangoError(thrown);
  const overrideCode = error.details?.['fspiopCode'];
  const override = typeof overrideCode === 'string' ? fspiopErrorInfo(overrideCode) : undefined;
  const info = override ?? fspiopErrorInfo(BY_LANGO_CODE[error.code])!;
  const list = extensionList(error);
  return {
    status: statusFor([info.status, ...TABLE_4_STATUSES], error),
    headers: responseHeaders(error),
    contentType: FSPIOP_CONTENT_TYPE,
    body: { errorInformation: { errorCode: info.code, errorDescription: description(error, info), ...(list ? { extensionList: list } : {}) } },
  };
}

const LANGO_CODE_BY_FSPIOP_CODE: Partial<Record<string, ErrorCode>> = {
  '2002': 'NOT_IMPLEMENTED',
  '2003': 'UNAVAILABLE',
  '2004': 'UPSTREAM_TIMEOUT',
  '2005': 'UNAVAILABLE',
  '3001': 'UNSUPPORTED_VERSION',
  '3002': 'ROUTE_NOT_FOUND',
  '3101': 'MALFORMED_SYNTAX',
  '3102': 'MISSING_ELEMENT',
  '3104': 'PAYLOAD_TOO_LARGE',
  '3105': 'UNAUTHENTICATED',
  '3106': 'DUPLICATE_MODIFIED',
  '3107': 'MISSING_ELEMENT',
};

const LANGO_CODE_BY_CATEGORY: Record<FspiopCategory, ErrorCode> = {
  '10': 'UPSTREAM_FAILED',
  '20': 'INTERNAL',
  '30': 'VALIDATION_FAILED',
  '31': 'VALIDATION_FAILED',
  '32': 'NOT_FOUND',
  '33': 'CONFLICT',
  '40': 'BUSINESS_RULE_REJECTED',
  '41': 'BUSINESS_RULE_REJECTED',
  '42': 'BUSINESS_RULE_REJECTED',
  '43': 'FORBIDDEN',
  '44': 'FORBIDDEN',
  '50': 'BUSINESS_RULE_REJECTED',
  '51': 'BUSINESS_RULE_REJECTED',
  '52': 'BUSINESS_RULE_REJECTED',
  '53': 'FORBIDDEN',
  '54': 'FORBIDDEN',
};

/**
 * Raises a precise FSPIOP error: `fspiopError('3204', 'no party MSISDN 27710101999')`. The Lango code follows
 * the FSPIOP code, so logs, metrics and other dialects agree; a scheme-defined code (xx40–xx99) is accepted.
 */
export function fspiopError(code: FspiopCode | (string & {}), description?: string, options: LangoErrorOptions = {}): LangoError {
  const info = fspiopErrorInfo(code);
  if (!info) throw new RangeError(`${code} is not an FSPIOP error code (API Definition v1.1 §7.6)`);
  const langoCode = LANGO_CODE_BY_FSPIOP_CODE[code] ?? LANGO_CODE_BY_CATEGORY[info.category];
  return new LangoError(langoCode, description ?? info.name, { ...options, details: { ...options.details, fspiopCode: code } });
}
