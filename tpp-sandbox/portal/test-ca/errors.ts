// SPDX-License-Identifier: Apache-2.0
// Why the sandbox test CA refuses a request. Each refusal is a ValidationError (VALIDATION_FAILED, 400, exposed),
// so every renderer shows its message; `reason`, repeated in `details.reason`, names the rule that was broken.
// The messages are written for the person who pasted the CSR or picked the roles: they appear on the portal
// page and in the API as they are.
import { ValidationError } from '../../../platform/errors/index.js';

export const TEST_CA_REFUSALS = [
  'CSR_MALFORMED',
  'CSR_SIGNATURE_INVALID',
  'KEY_TOO_WEAK',
  'KEY_TYPE_UNSUPPORTED',
  'ROLE_NOT_ALLOWED',
  'ORGANISATION_INVALID',
] as const;
export type TestCaRefusalCode = (typeof TEST_CA_REFUSALS)[number];

interface RefusalOptions {
  /** The request field at fault, e.g. `subject.csrPem`. */
  path: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

abstract class TestCaRefusal<Reason extends TestCaRefusalCode> extends ValidationError {
  readonly reason: Reason;
  constructor(reason: Reason, message: string, options: RefusalOptions) {
    super(message, { path: options.path, cause: options.cause, details: { reason, ...options.details } });
    this.reason = reason;
  }
}

/** The text is not a PEM PKCS#10 certificate signing request (RFC 2986), or cannot be decoded. */
export class CsrMalformedError extends TestCaRefusal<'CSR_MALFORMED'> {
  constructor(message: string, cause?: unknown) {
    super('CSR_MALFORMED', message, { path: 'subject.csrPem', cause });
  }
}

/** The CSR's self-signature does not verify with its own public key: no proof of possession of the private key. */
export class CsrSignatureInvalidError extends TestCaRefusal<'CSR_SIGNATURE_INVALID'> {
  constructor(message: string, cause?: unknown) {
    super('CSR_SIGNATURE_INVALID', message, { path: 'subject.csrPem', cause });
  }
}

/** A key of an accepted type but too small (RSA under 2048 bits, or a small public exponent). */
export class KeyTooWeakError extends TestCaRefusal<'KEY_TOO_WEAK'> {
  constructor(message: string, key: string) {
    super('KEY_TOO_WEAK', message, { path: 'subject.csrPem', details: { key } });
  }
}

/** A key type or curve outside the policy (see README.md): Ed25519, DSA, P-521, RSA-PSS, ... */
export class KeyTypeUnsupportedError extends TestCaRefusal<'KEY_TYPE_UNSUPPORTED'> {
  constructor(message: string, key: string, cause?: unknown) {
    super('KEY_TYPE_UNSUPPORTED', message, { path: 'subject.csrPem', details: { key }, cause });
  }
}

/** No role, an unknown role, or a role the application may not hold. `details.roles` lists the refused ones. */
export class RoleNotAllowedError extends TestCaRefusal<'ROLE_NOT_ALLOWED'> {
  constructor(message: string, roles: readonly string[]) {
    super('ROLE_NOT_ALLOWED', message, { path: 'roles', details: { roles } });
  }
}

/** The organisation cannot be named in a PSD2 certificate: a bad organizationIdentifier, name or country. */
export class OrganisationInvalidError extends TestCaRefusal<'ORGANISATION_INVALID'> {
  constructor(message: string, path: string) {
    super('ORGANISATION_INVALID', message, { path: `organisation.${path}` });
  }
}

export type TestCaError =
  | CsrMalformedError
  | CsrSignatureInvalidError
  | KeyTooWeakError
  | KeyTypeUnsupportedError
  | RoleNotAllowedError
  | OrganisationInvalidError;
