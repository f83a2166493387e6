// SPDX-License-Identifier: Apache-2.0
// The consent context's errors. Each carries the precise NextGenPSD2 code in `details.berlinGroupCode`
// (platform/errors/dialects/berlin-group.ts renders it); the other dialects read the Lango code.
import { ConflictError, ForbiddenError, LangoError, NotFoundError } from '../platform/errors/index.js';

const MS_PER_DAY = 86_400_000;

/**
 * No such consent, or one the caller may not see. The two are deliberately the same error with the same status,
 * message and path on every wire, so a TPP (or PSU) never learns that someone else's consent exists.
 * Berlin Group CONSENT_UNKNOWN: 403 when the consent id is in the path (default), 400 in a header or the payload.
 */
export class ConsentUnknownError extends NotFoundError {
  constructor(options: { status?: 403 | 400 } = {}) {
    super('the consent is unknown', {
      status: options.status ?? 403,
      path: 'consentId',
      details: { berlinGroupCode: 'CONSENT_UNKNOWN' },
    });
  }
}

/** The lifecycle does not allow this change from the consent's status (revoking a rejected one). 409 STATUS_INVALID. */
export class ConsentStatusInvalidError extends ConflictError {
  constructor(from: string, to: string) {
    super(`a consent in status ${from} cannot become ${to}`, {
      details: { berlinGroupCode: 'STATUS_INVALID', consentStatus: from },
    });
  }
}

/** The consent is past its validUntil. Berlin Group answers CONSENT_EXPIRED with 401 (not the 403 of FORBIDDEN). */
export class ConsentExpiredError extends ForbiddenError {
  constructor() {
    super('the consent has expired', { status: 401, details: { berlinGroupCode: 'CONSENT_EXPIRED' } });
  }
}

/** The consent exists but is not (or not yet) valid: received, rejected, revoked or terminated. 401 CONSENT_INVALID. */
export class ConsentInvalidError extends ForbiddenError {
  constructor(status: string) {
    super(`the consent is ${status}, not valid`, { status: 401, details: { berlinGroupCode: 'CONSENT_INVALID', consentStatus: status } });
  }
}

/**
 * Today's frequencyPerDay is used up (Berlin Group: "the requested maximum frequency for an access without PSU
 * involvement per day"; Lango counts days in UTC). 429 ACCESS_EXCEEDED, Retry-After until the next UTC midnight.
 */
export class ConsentAccessExceededError extends LangoError {
  /** Seconds until the next UTC day starts and the count resets. */
  readonly retryAfterSeconds: number;
  constructor(frequencyPerDay: number, now: number) {
    const retryAfterSeconds = Math.ceil((MS_PER_DAY - (now % MS_PER_DAY)) / 1000);
    super('RATE_LIMITED', `the consent's ${frequencyPerDay} accesses per day are used up; the count resets at 00:00 UTC`, {
      details: { berlinGroupCode: 'ACCESS_EXCEEDED', retryAfterSeconds },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export type ConsentError =
  | ConsentUnknownError
  | ConsentStatusInvalidError
  | ConsentExpiredError
  | ConsentInvalidError
  | ConsentAccessExceededError;
