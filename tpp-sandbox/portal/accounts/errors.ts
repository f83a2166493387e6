// SPDX-License-Identifier: Apache-2.0
// The portal accounts' errors. Each is a platform error (its `code` picks the HTTP status and generic title) with
// a precise, stable `reason` the portal page and API show; `switch (error.reason)` narrows to the class.
// Reasons are only ever added, never reused. The same reason is in `details.reason` for renderers that show details.
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../../platform/errors/index.js';

export class EmailInvalidError extends ValidationError {
  readonly reason = 'EMAIL_INVALID' as const;
  constructor() {
    super('the e-mail address is not valid; use the form name@example.com', { path: 'email', details: { reason: 'EMAIL_INVALID' } });
  }
}

export class PasswordWeakError extends ValidationError {
  readonly reason = 'PASSWORD_WEAK' as const;
  constructor(why: string) {
    super(`the password is too weak: ${why}`, { path: 'password', details: { reason: 'PASSWORD_WEAK' } });
  }
}

/** A name (the developer's, the organisation's) or an invitation's role is empty, too long or not allowed. */
export class FieldInvalidError extends ValidationError {
  readonly reason = 'FIELD_INVALID' as const;
  constructor(path: string, why: string) {
    super(`${path} ${why}`, { path, details: { reason: 'FIELD_INVALID' } });
  }
}

/** Sign-up with an address that already has an account (whatever its case). See README: account enumeration. */
export class EmailTakenError extends ConflictError {
  readonly reason = 'EMAIL_TAKEN' as const;
  constructor() {
    super('an account with this e-mail address already exists; sign in, or ask for a new verification link', { path: 'email', details: { reason: 'EMAIL_TAKEN' } });
  }
}

/** The link's 24 h (verification) or 7 days (invitation) are over; the page offers to send a new one. */
export class TokenExpiredError extends ValidationError {
  readonly reason = 'TOKEN_EXPIRED' as const;
  constructor() {
    super('the link has expired; ask for a new one', { path: 'token', details: { reason: 'TOKEN_EXPIRED' } });
  }
}

/** The link was already used once; links work once. */
export class TokenUsedError extends ValidationError {
  readonly reason = 'TOKEN_USED' as const;
  constructor() {
    super('the link has already been used; sign in, or ask for a new one', { path: 'token', details: { reason: 'TOKEN_USED' } });
  }
}

/** No such link (mistyped, cut off, or a link of another kind). */
export class TokenInvalidError extends ValidationError {
  readonly reason = 'TOKEN_INVALID' as const;
  constructor() {
    super('the link is not valid; copy the whole link from the e-mail', { path: 'token', details: { reason: 'TOKEN_INVALID' } });
  }
}

/** Right password, address not yet confirmed. Only said after the password matched, so it reveals nothing. */
export class EmailNotVerifiedError extends ForbiddenError {
  readonly reason = 'EMAIL_NOT_VERIFIED' as const;
  constructor() {
    super('confirm your e-mail address first: open the link we sent you, or ask for a new one', { details: { reason: 'EMAIL_NOT_VERIFIED' } });
  }
}

/** Unknown address or wrong password: deliberately the same error, so neither is revealed. */
export class SignInFailedError extends UnauthenticatedError {
  readonly reason = 'SIGN_IN_FAILED' as const;
  constructor() {
    super('the e-mail address or the password is not right', { details: { reason: 'SIGN_IN_FAILED' } });
  }
}

/** The actor is a member of the organisation but only its owners may do this. */
export class NotAnOwnerError extends ForbiddenError {
  readonly reason = 'NOT_AN_OWNER' as const;
  constructor(action: string) {
    super(`only the organisation's owners may ${action}`, { details: { reason: 'NOT_AN_OWNER' } });
  }
}

/** An organisation always keeps one owner; make someone else owner first. */
export class LastOwnerError extends ConflictError {
  readonly reason = 'LAST_OWNER' as const;
  constructor() {
    super('the last owner cannot leave or be removed; invite another owner first', { details: { reason: 'LAST_OWNER' } });
  }
}

/** No such organisation, or one the actor is not a member of: the same error, so ids of other teams cannot be probed. */
export class OrganisationUnknownError extends NotFoundError {
  readonly reason = 'ORGANISATION_UNKNOWN' as const;
  constructor() {
    super('the organisation is unknown', { path: 'organisationId', details: { reason: 'ORGANISATION_UNKNOWN' } });
  }
}

/** The developer to remove is not a member of the (actor's own) organisation; also an unknown developer id. */
export class MemberUnknownError extends NotFoundError {
  readonly reason = 'MEMBER_UNKNOWN' as const;
  constructor() {
    super('the developer is not a member of the organisation', { path: 'developerId', details: { reason: 'MEMBER_UNKNOWN' } });
  }
}

export class AlreadyMemberError extends ConflictError {
  readonly reason = 'ALREADY_MEMBER' as const;
  constructor() {
    super('this developer is already a member of the organisation', { details: { reason: 'ALREADY_MEMBER' } });
  }
}

/** An invitation is for the address it was sent to; whoever holds a forwarded link cannot accept it with another account. */
export class InvitationForAnotherEmailError extends ForbiddenError {
  readonly reason = 'INVITATION_FOR_ANOTHER_EMAIL' as const;
  constructor() {
    super('this invitation was sent to another e-mail address; sign in with that address to accept it', { details: { reason: 'INVITATION_FOR_ANOTHER_EMAIL' } });
  }
}

export type PortalAccountError =
  | EmailInvalidError
  | PasswordWeakError
  | FieldInvalidError
  | EmailTakenError
  | TokenExpiredError
  | TokenUsedError
  | TokenInvalidError
  | EmailNotVerifiedError
  | SignInFailedError
  | NotAnOwnerError
  | LastOwnerError
  | OrganisationUnknownError
  | MemberUnknownError
  | AlreadyMemberError
  | InvitationForAnotherEmailError;

export type PortalAccountErrorReason = PortalAccountError['reason'];
