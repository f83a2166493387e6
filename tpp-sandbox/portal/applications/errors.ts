// SPDX-License-Identifier: Apache-2.0
// The portal applications' errors: platform errors (the code picks status and title) with a stable `reason`,
// also in `details.reason`, that the portal's page and API show.
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';

export class AppFieldInvalidError extends ValidationError {
  readonly reason = 'FIELD_INVALID' as const;
  constructor(path: string, why: string) {
    super(`${path} ${why}`, { path, details: { reason: 'FIELD_INVALID' } });
  }
}

/** An application role that is not one of the API's, or that this sandbox does not open to third parties. */
export class AppRoleNotAllowedError extends ValidationError {
  readonly reason = 'ROLE_NOT_ALLOWED' as const;
  constructor(message: string) {
    super(message, { path: 'roles', details: { reason: 'ROLE_NOT_ALLOWED' } });
  }
}

export class RedirectUriInvalidError extends ValidationError {
  readonly reason = 'REDIRECT_URI_INVALID' as const;
  constructor(message: string) {
    super(message, { path: 'redirectUris', details: { reason: 'REDIRECT_URI_INVALID' } });
  }
}

/** An uploaded JWKS that is not a set of public signing keys of an accepted type and size. */
export class JwksInvalidError extends ValidationError {
  readonly reason = 'JWKS_INVALID' as const;
  constructor(message: string) {
    super(message, { path: 'jwks', details: { reason: 'JWKS_INVALID' } });
  }
}

/** The authorisation server refused the registration (its RFC 7591 error is in the message). */
export class RegistrationRefusedError extends ValidationError {
  readonly reason = 'REGISTRATION_REFUSED' as const;
  constructor(message: string) {
    super(message, { details: { reason: 'REGISTRATION_REFUSED' } });
  }
}

export class ApplicationUnknownError extends NotFoundError {
  readonly reason = 'APPLICATION_UNKNOWN' as const;
  constructor() {
    super('no such application in your team', { details: { reason: 'APPLICATION_UNKNOWN' } });
  }
}

/** The starter kit and readiness checks sign with keys the portal holds: an application with uploaded keys has none. */
export class KeysNotHeldError extends ConflictError {
  readonly reason = 'KEYS_NOT_HELD' as const;
  constructor(what: string) {
    super(`${what} needs the application's private keys, and this application's keys are your own (uploaded JWKS); run it with your keys instead`, { details: { reason: 'KEYS_NOT_HELD' } });
  }
}

/** The starter kit needs a QWAC whose key the portal holds. */
export class CertificateMissingError extends ConflictError {
  readonly reason = 'CERTIFICATE_MISSING' as const;
  constructor(message: string) {
    super(message, { details: { reason: 'CERTIFICATE_MISSING' } });
  }
}

export class ProductionRequestPendingError extends ConflictError {
  readonly reason = 'PRODUCTION_REQUEST_PENDING' as const;
  constructor() {
    super('a request for this bank is already waiting for the bank\'s decision', { details: { reason: 'PRODUCTION_REQUEST_PENDING' } });
  }
}

export class ProductionRequestUnknownError extends NotFoundError {
  readonly reason = 'PRODUCTION_REQUEST_UNKNOWN' as const;
  constructor() {
    super('no pending production request with this id at your bank', { details: { reason: 'PRODUCTION_REQUEST_UNKNOWN' } });
  }
}

export type ApplicationError =
  | AppFieldInvalidError | AppRoleNotAllowedError | RedirectUriInvalidError | JwksInvalidError | RegistrationRefusedError
  | ApplicationUnknownError | KeysNotHeldError | CertificateMissingError | ProductionRequestPendingError | ProductionRequestUnknownError;
