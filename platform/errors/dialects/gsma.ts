// SPDX-License-Identifier: Apache-2.0
import { toLangoError, type ErrorCode } from '../lango-error.js';
import { detailOverride, publicText, responseHeaders, truncate, type RenderedError, type RenderOptions } from './rendered-error.js';

export const GSMA_CONTENT_TYPE = 'application/json';

/**
 * errorObject.errorCategory of the GSMA Mobile Money API 1.2.0 and the status each category is answered with:
 * every operation documents exactly 400 (business rule, validation), 401, 404, 500 and 503 with an errorObject.
 */
export const GSMA_CATEGORIES = {
  businessRule: { status: 400 },
  validation: { status: 400 },
  authorisation: { status: 401 },
  identification: { status: 404 },
  internal: { status: 500 },
  serviceUnavailable: { status: 503 },
} as const;

export type GsmaCategory = keyof typeof GSMA_CATEGORIES;

/**
 * errorObject.errorCode (the harmonised codes), each with the category it is raised under. The YAML lists the codes
 * without categories; the grouping follows the error-code table of the specification document, and a place that
 * needs another pairing sets `details.gsmaCategory` as well.
 */
export const GSMA_ERROR_CODES = {
  genericError: 'businessRule',
  dailyVolumeLimitExceeded: 'businessRule',
  dailyValueLimitExceeded: 'businessRule',
  weeklyVolumeLimitExceeded: 'businessRule',
  weeklyValueLimitExceeded: 'businessRule',
  monthlyVolumeLimitExceeded: 'businessRule',
  monthlyValueLimitExceeded: 'businessRule',
  accountMaxTotalVolumeExceeded: 'businessRule',
  accountMaxTotalValueExceeded: 'businessRule',
  lessThanTransactionMinValue: 'businessRule',
  greaterThanTransactionMaxValue: 'businessRule',
  maxBalanceExceeded: 'businessRule',
  samePartiesError: 'businessRule',
  duplicateRequest: 'businessRule',
  insufficientFunds: 'businessRule',
  incorrectState: 'businessRule',
  underPaymentNotAllowed: 'businessRule',
  overPaymentNotAllowed: 'businessRule',
  rateLimitError: 'businessRule',
  transactionTypeError: 'businessRule',
  noMandateAuthority: 'businessRule',
  linkViolation: 'businessRule',
  countryofOriginNotPermitted: 'businessRule',
  nationalityNotPermitted: 'businessRule',
  idDocumentNotSupported: 'businessRule',
  issuingCountryNotSupported: 'businessRule',
  quoteHasExpired: 'businessRule',
  identifierError: 'identification',
  lengthError: 'validation',
  formatError: 'validation',
  negativeValue: 'validation',
  currencyNotSupported: 'validation',
  mandatoryValueNotSupplied: 'validation',
  invalidOffset: 'validation',
  clientAuthorisationError: 'authorisation',
  requestDeclined: 'authorisation',
  servicingPartyAuthorisationError: 'authorisation',
  requestingPartyAuthorisationError: 'authorisation',
} as const satisfies Record<string, GsmaCategory>;

export type GsmaErrorCode = keyof typeof GSMA_ERROR_CODES;

const BY_LANGO_CODE: Record<ErrorCode, [GsmaCategory, GsmaErrorCode]> = {
  CONFIG_INVALID: ['internal', 'genericError'],
  STARTUP_FAILED: ['internal', 'genericError'],
  LISTENER_BIND_FAILED: ['internal', 'genericError'],
  STORE_UNAVAILABLE: ['serviceUnavailable', 'genericError'],
  CACHE_UNAVAILABLE: ['serviceUnavailable', 'genericError'],
  EVENT_LOG_UNAVAILABLE: ['serviceUnavailable', 'genericError'],
  VALIDATION_FAILED: ['validation', 'genericError'],
  MALFORMED_SYNTAX: ['validation', 'formatError'],
  MISSING_ELEMENT: ['validation', 'mandatoryValueNotSupplied'],
  UNSUPPORTED_VERSION: ['validation', 'genericError'],
  UNAUTHENTICATED: ['authorisation', 'clientAuthorisationError'],
  CERTIFICATE_INVALID: ['authorisation', 'clientAuthorisationError'],
  FORBIDDEN: ['authorisation', 'requestingPartyAuthorisationError'],
  NOT_FOUND: ['identification', 'genericError'],
  ROUTE_NOT_FOUND: ['identification', 'genericError'],
  METHOD_NOT_ALLOWED: ['validation', 'genericError'],
  CONFLICT: ['businessRule', 'incorrectState'],
  DUPLICATE_MODIFIED: ['businessRule', 'duplicateRequest'],
  PAYLOAD_TOO_LARGE: ['validation', 'lengthError'],
  UNSUPPORTED_MEDIA_TYPE: ['validation', 'formatError'],
  RATE_LIMITED: ['businessRule', 'rateLimitError'],
  UPSTREAM_FAILED: ['internal', 'genericError'],
  UNAVAILABLE: ['serviceUnavailable', 'genericError'],
  UPSTREAM_TIMEOUT: ['serviceUnavailable', 'genericError'],
  NOT_IMPLEMENTED: ['internal', 'genericError'],
  INTERNAL: ['internal', 'genericError'],
  BUSINESS_RULE_REJECTED: ['businessRule', 'genericError'],
};

/**
 * The spec documents no 429, but Retry-After only means something with 429 or 503 (RFC 9110 §10.2.3), so a
 * rateLimitError keeps the 429 of RFC 6585 §4; it is still a 4xx a GSMA client treats as a business-rule failure.
 */
function statusOf(category: GsmaCategory, code: GsmaErrorCode): number {
  return code === 'rateLimitError' ? 429 : GSMA_CATEGORIES[category].status;
}

/**
 * Renders the GSMA errorObject `{ errorCategory, errorCode, errorDescription, errorDateTime, errorParameters? }`.
 * The YAML spells the description property `errordescription`; the specification document and the published
 * examples use `errorDescription`, and the schema does not forbid extra properties, so that is what is sent.
 * `details.gsmaErrorCode` / `details.gsmaCategory` override the mapping when they are values of the spec's enums.
 * The status follows the category, one each in the spec: a place that wants another status picks another category.
 */
export function renderGsmaError(thrown: unknown, options: RenderOptions = {}): RenderedError {
  const error = toLangoError(thrown);
  const [mappedCategory, mappedCode] = BY_LANGO_CODE[error.code];
  const codeOverride = detailOverride<GsmaErrorCode>(error, 'gsmaErrorCode', GSMA_ERROR_CODES);
  const categoryOverride = detailOverride<GsmaCategory>(error, 'gsmaCategory', GSMA_CATEGORIES);
  const category = categoryOverride ?? (codeOverride && codeOverride !== 'genericError' ? GSMA_ERROR_CODES[codeOverride] : mappedCategory);
  const code = codeOverride ?? (category === mappedCategory ? mappedCode : 'genericError');
  // errorParameters is a metadataArray: key and value String(1..256), at most 20 entries.
  const parameters = error.expose && error.path ? [{ key: 'path', value: truncate(error.path, 256) }] : undefined;
  return {
    status: statusOf(category, code),
    headers: responseHeaders(error),
    contentType: GSMA_CONTENT_TYPE,
    body: {
      errorCategory: category,
      errorCode: code,
      errorDescription: truncate(publicText(error), 256),
      errorDateTime: (options.now ?? new Date()).toISOString(),
      ...(parameters ? { errorParameters: parameters } : {}),
    },
  };
}
