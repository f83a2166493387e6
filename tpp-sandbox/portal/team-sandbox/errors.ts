// SPDX-License-Identifier: Apache-2.0
// The team sandbox's errors. Each is a platform error (its `code` picks the HTTP status and generic title) with a
// precise, stable `reason` the portal page and API show; `switch (error.reason)` narrows to the class.
// Reasons are only ever added, never reused. The same reason is in `details.reason` for renderers that show details.
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../../../platform/errors/index.js';

/** The team's own part of the username: lower-case letters, digits, `.`, `_`, `-`; see rules.ts. */
export class UsernameInvalidError extends ValidationError {
  readonly reason = 'USERNAME_INVALID' as const;
  constructor(why: string) {
    super(`the username ${why}`, { path: 'username', details: { reason: 'USERNAME_INVALID' } });
  }
}

export class FullNameInvalidError extends ValidationError {
  readonly reason = 'FULL_NAME_INVALID' as const;
  constructor(why: string) {
    super(`the full name ${why}`, { path: 'fullName', details: { reason: 'FULL_NAME_INVALID' } });
  }
}

/** No sandbox bank with that tenant id. */
export class BankUnknownError extends ValidationError {
  readonly reason = 'BANK_UNKNOWN' as const;
  constructor(tenantId: string) {
    super(`there is no sandbox bank ${JSON.stringify(tenantId)}; use the tenant id of one of the manifest's banks`, { path: 'tenantId', details: { reason: 'BANK_UNKNOWN' } });
  }
}

/** Not a decimal string, negative, too large, or more decimals than the bank's currency has. */
export class AmountInvalidError extends ValidationError {
  readonly reason = 'AMOUNT_INVALID' as const;
  constructor(why: string) {
    super(`the opening balance ${why}`, { path: 'openingBalance', details: { reason: 'AMOUNT_INVALID' } });
  }
}

export class ProductInvalidError extends ValidationError {
  readonly reason = 'PRODUCT_INVALID' as const;
  constructor() {
    super('the product must be Current or Savings', { path: 'product', details: { reason: 'PRODUCT_INVALID' } });
  }
}

/** The account's display name is empty or too long. */
export class AccountNameInvalidError extends ValidationError {
  readonly reason = 'ACCOUNT_NAME_INVALID' as const;
  constructor(why: string) {
    super(`the account name ${why}`, { path: 'accountName', details: { reason: 'ACCOUNT_NAME_INVALID' } });
  }
}

/** The owner passed by the portal is empty or too long: a programming error of the caller, reported all the same. */
export class OrganisationInvalidError extends ValidationError {
  readonly reason = 'ORGANISATION_INVALID' as const;
  constructor() {
    super('the owning organisation id must be 1 to 128 printable characters', { path: 'ownerOrganisationId', details: { reason: 'ORGANISATION_INVALID' } });
  }
}

/** The team already has a PSU with this username at this bank. */
export class UsernameTakenError extends ConflictError {
  readonly reason = 'USERNAME_TAKEN' as const;
  constructor(username: string) {
    super(`your team already has a PSU ${username} at this bank; choose another username or delete that PSU`, { path: 'username', details: { reason: 'USERNAME_TAKEN' } });
  }
}

/** A team keeps at most MAX_TEAM_PSUS PSUs (all banks together). */
export class PsuLimitReachedError extends ConflictError {
  readonly reason = 'PSU_LIMIT_REACHED' as const;
  constructor(limit: number) {
    super(`a team may have at most ${limit} sandbox PSUs; delete one first`, { details: { reason: 'PSU_LIMIT_REACHED' } });
  }
}

/** No such PSU, or one of another team (or a seeded one): the same error, so other teams' PSUs cannot be probed. */
export class TeamPsuUnknownError extends NotFoundError {
  readonly reason = 'TEAM_PSU_UNKNOWN' as const;
  constructor() {
    super('your team has no such sandbox PSU', { path: 'psuId', details: { reason: 'TEAM_PSU_UNKNOWN' } });
  }
}

/** The bank's Fineract (simulator) did not answer or refused; nothing was half-created (see README). */
export class TestBankUnavailableError extends UnavailableError {
  readonly reason = 'TEST_BANK_UNAVAILABLE' as const;
  constructor(what: string, options: { cause?: unknown } = {}) {
    super('UNAVAILABLE', `the sandbox bank's core banking system could not ${what}; try again`, { ...options, details: { reason: 'TEST_BANK_UNAVAILABLE' } });
  }
}

export type TeamSandboxError =
  | UsernameInvalidError
  | FullNameInvalidError
  | BankUnknownError
  | AmountInvalidError
  | ProductInvalidError
  | AccountNameInvalidError
  | OrganisationInvalidError
  | UsernameTakenError
  | PsuLimitReachedError
  | TeamPsuUnknownError
  | TestBankUnavailableError;

export type TeamSandboxErrorReason = TeamSandboxError['reason'];
