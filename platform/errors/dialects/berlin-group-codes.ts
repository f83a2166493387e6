// SPDX-License-Identifier: Apache-2.0
import type { ErrorCode } from '../lango-error.js';

/**
 * NextGenPSD2 message codes of tppMessages with category ERROR, per the Implementation Guidelines v1.3.12
 * §14.11 ("Additional Error Information"). The v1.3.12 OpenAPI file no longer enumerates them: its
 * MessageCode400_AIS … MessageCode429_AIS schemas are plain strings, so this table is the source of truth
 * and berlin-group.test.ts checks it against whatever the YAML does still say (categories, 409/429 examples,
 * which statuses carry a body).
 *
 * `statuses`: the statuses the guidelines allow for the code, the default first; the place of the fault picks
 * another one of them (RESOURCE_UNKNOWN: 404 for an account id in the path, 403 for another resource in the
 * path, 400 in the payload). `lango`: the Lango code a `berlinGroupError` with this code is filed under, so logs,
 * metrics and other dialects still make sense.
 */
export const BERLIN_GROUP_CODES = {
  // Service-unspecific codes.
  CERTIFICATE_INVALID: { statuses: [401], lango: 'CERTIFICATE_INVALID' },
  ROLE_INVALID: { statuses: [401], lango: 'FORBIDDEN' },
  CERTIFICATE_EXPIRED: { statuses: [401], lango: 'CERTIFICATE_INVALID' },
  CERTIFICATE_BLOCKED: { statuses: [401], lango: 'CERTIFICATE_INVALID' },
  // Spelled CERTIFICATE_REVOKE in the 1.3.4–1.3.6 YAML enums; the guidelines say REVOKED.
  CERTIFICATE_REVOKED: { statuses: [401], lango: 'CERTIFICATE_INVALID' },
  CERTIFICATE_MISSING: { statuses: [401], lango: 'CERTIFICATE_INVALID' },
  SIGNATURE_INVALID: { statuses: [401], lango: 'UNAUTHENTICATED' },
  SIGNATURE_MISSING: { statuses: [401], lango: 'UNAUTHENTICATED' },
  FORMAT_ERROR: { statuses: [400], lango: 'VALIDATION_FAILED' },
  PARAMETER_NOT_CONSISTENT: { statuses: [400], lango: 'VALIDATION_FAILED' },
  PARAMETER_NOT_SUPPORTED: { statuses: [400], lango: 'VALIDATION_FAILED' },
  PSU_CREDENTIALS_INVALID: { statuses: [401], lango: 'UNAUTHENTICATED' },
  // 400 when the payload asks for the wrong service, 405 when the HTTP method does.
  SERVICE_INVALID: { statuses: [400, 405], lango: 'VALIDATION_FAILED' },
  SERVICE_BLOCKED: { statuses: [403], lango: 'FORBIDDEN' },
  CORPORATE_ID_INVALID: { statuses: [401], lango: 'UNAUTHENTICATED' },
  // 403 when the consent id is in the path, 400 when it is in a header or the payload.
  CONSENT_UNKNOWN: { statuses: [403, 400], lango: 'FORBIDDEN' },
  CONSENT_INVALID: { statuses: [401], lango: 'FORBIDDEN' },
  CONSENT_EXPIRED: { statuses: [401], lango: 'FORBIDDEN' },
  TOKEN_UNKNOWN: { statuses: [401], lango: 'UNAUTHENTICATED' },
  TOKEN_INVALID: { statuses: [401], lango: 'UNAUTHENTICATED' },
  TOKEN_EXPIRED: { statuses: [401], lango: 'UNAUTHENTICATED' },
  RESOURCE_UNKNOWN: { statuses: [404, 403, 400], lango: 'NOT_FOUND' },
  RESOURCE_EXPIRED: { statuses: [403, 400], lango: 'CONFLICT' },
  RESOURCE_BLOCKED: { statuses: [400], lango: 'FORBIDDEN' },
  TIMESTAMP_INVALID: { statuses: [400], lango: 'VALIDATION_FAILED' },
  PERIOD_INVALID: { statuses: [400], lango: 'VALIDATION_FAILED' },
  SCA_METHOD_UNKNOWN: { statuses: [400], lango: 'VALIDATION_FAILED' },
  SCA_INVALID: { statuses: [400], lango: 'FORBIDDEN' },
  STATUS_INVALID: { statuses: [409], lango: 'CONFLICT' },
  // Payment initiation.
  PRODUCT_INVALID: { statuses: [403], lango: 'FORBIDDEN' },
  PRODUCT_UNKNOWN: { statuses: [404], lango: 'NOT_FOUND' },
  PAYMENT_FAILED: { statuses: [400], lango: 'BUSINESS_RULE_REJECTED' },
  KID_MISSING: { statuses: [401], lango: 'UNAUTHENTICATED' },
  EXECUTION_DATE_INVALID: { statuses: [400], lango: 'VALIDATION_FAILED' },
  CANCELLATION_INVALID: { statuses: [405], lango: 'METHOD_NOT_ALLOWED' },
  // Account information.
  SESSIONS_NOT_SUPPORTED: { statuses: [400], lango: 'VALIDATION_FAILED' },
  ACCESS_EXCEEDED: { statuses: [429], lango: 'RATE_LIMITED' },
  REQUESTED_FORMATS_INVALID: { statuses: [406], lango: 'UNSUPPORTED_MEDIA_TYPE' },
  // Confirmation of funds (PIIS).
  CARD_INVALID: { statuses: [400], lango: 'VALIDATION_FAILED' },
  NO_PIIS_ACTIVATION: { statuses: [400], lango: 'FORBIDDEN' },
  // Signing baskets.
  REFERENCE_MIX_INVALID: { statuses: [400], lango: 'VALIDATION_FAILED' },
  REFERENCE_STATUS_INVALID: { statuses: [409], lango: 'CONFLICT' },
} as const satisfies Record<string, { statuses: readonly number[]; lango: ErrorCode }>;

export type BerlinGroupCode = keyof typeof BERLIN_GROUP_CODES;

/**
 * Statuses for which the v1.3.12 YAML defines no body ("No Response body because there are no valid message
 * codes …"): 415, 500 and 503 for every service (408 too, which Lango never sends).
 */
export const BERLIN_GROUP_BODYLESS_STATUSES = [415, 500, 503] as const;
