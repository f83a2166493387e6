// SPDX-License-Identifier: Apache-2.0
// The consent lifecycle as data, and the pure checks every store adapter applies before it writes a change.
import { ConsentExpiredError, ConsentInvalidError, ConsentStatusInvalidError, ConsentUnknownError } from '../errors.js';
import type { Consent, ConsentStatus } from './consent.js';

/** Who asks for a change. A PSU or TPP names itself so that it can only touch its own consents. */
export type ConsentActor =
  // psuId absent: the caller already bound this PSU's session to the consent (the authorisation flow).
  | { role: 'psu'; psuId?: string }
  | { role: 'tpp'; clientId: string }
  | { role: 'system' };

export type ConsentActorRole = ConsentActor['role'];

/**
 * Every allowed change: from → to → who may make it. Berlin Group consentStatus values; nothing leaves a final
 * status. A received consent is never expired by time: it is authorised, rejected or terminated first.
 */
export const CONSENT_TRANSITIONS = {
  received: { valid: ['psu'], rejected: ['psu'], terminatedByTpp: ['tpp'] },
  valid: { revokedByPsu: ['psu'], terminatedByTpp: ['tpp'], expired: ['system'] },
  rejected: {},
  revokedByPsu: {},
  terminatedByTpp: {},
  expired: {},
} as const satisfies Record<ConsentStatus, Partial<Record<ConsentStatus, readonly ConsentActorRole[]>>>;

/** True once `now` (epoch ms) is after the consent's last instant of validity. */
export function isPastValidity(consent: Consent, now: number): boolean {
  return consent.validUntil !== undefined && now > consent.validUntil;
}

/** The consent when `actor` may see it; ConsentUnknownError (403) when it is missing or someone else's. */
export function requireConsentFor(consent: Consent | undefined, actor: ConsentActor): Consent {
  if (!consent || !visibleTo(consent, actor)) throw new ConsentUnknownError();
  return consent;
}

function visibleTo(consent: Consent, actor: ConsentActor): boolean {
  switch (actor.role) {
    case 'tpp':
      return consent.clientId === actor.clientId;
    case 'psu':
      // A PSU sees the consents bound to it, and those bound to no PSU yet (it is being asked for one).
      return actor.psuId === undefined || consent.psuId === undefined || consent.psuId === actor.psuId;
    case 'system':
      return true;
  }
}

/**
 * The consent after `by` moved it to `to` at `now` (epoch ms), or the typed error: ConsentUnknownError when it is
 * missing or not the actor's, ConsentExpiredError when it is (or is due to be) expired, ConsentStatusInvalidError
 * when the table has no such change.
 */
export function transition(consent: Consent | undefined, to: ConsentStatus, by: ConsentActor, now: number): Consent {
  const current = requireConsentFor(consent, by);
  const expiredAlready = current.status === 'expired' || (current.status === 'valid' && isPastValidity(current, now));
  if (to !== 'expired' && (expiredAlready || (to === 'valid' && isPastValidity(current, now)))) throw new ConsentExpiredError();
  const allowed: Partial<Record<ConsentStatus, readonly ConsentActorRole[]>> = CONSENT_TRANSITIONS[current.status];
  const roles = allowed[to];
  if (!roles) throw new ConsentStatusInvalidError(current.status, to);
  // A status named after its actor (revokedByPsu, terminatedByTpp) set by anyone else is a bug in the caller.
  if (!roles.includes(by.role)) throw new Error(`${by.role} may not move a consent to ${to}`);
  return { ...current, status: to, updatedAt: now, statusChangedAt: now, statusChangedBy: by.role };
}

/** The consent as it stands at `now`: a valid one past its validUntil becomes `expired`, by the system. */
export function expireIfDue(consent: Consent, now: number): Consent {
  return consent.status === 'valid' && isPastValidity(consent, now) ? transition(consent, 'expired', { role: 'system' }, now) : consent;
}

/** The consent when it may be used at `now`; ConsentExpiredError or ConsentInvalidError otherwise. */
export function requireUsable(consent: Consent | undefined, now: number): Consent {
  const current = expireIfDue(requireConsentFor(consent, { role: 'system' }), now);
  if (current.status === 'expired') throw new ConsentExpiredError();
  if (current.status !== 'valid') throw new ConsentInvalidError(current.status);
  return current;
}
