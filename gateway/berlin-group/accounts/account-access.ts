// SPDX-License-Identifier: Apache-2.0
// The consent checks of every AIS read (§6.3, §6.4): the Consent-ID is this TPP's, the token was issued under it,
// it is valid, it covers the account for this kind of access, and an access without the PSU present (no
// PSU-IP-Address) is counted against frequencyPerDay.
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BankAccount } from '../bank-accounts.js';
import { accountsAllowed, aisAccessOf, type AccessKind, type AisAccess } from '../consents/ais-access.js';
import type { BerlinGroupDeps } from '../deps.js';
import { ownConsent } from '../http/call-helpers.js';
import type { BgCall } from '../http/route-kit.js';
import type { Consent } from '../../../consent/index.js';

export interface AisGrant {
  consent: Consent;
  access: AisAccess;
  /** Account resource ids the consent lets the TPP read, per kind. */
  allowed(kind: AccessKind): string[];
}

/**
 * Token scopes that admit an AIS read: the consent's own (`AIS:<Consent-ID>`, OAuth approach), or the TPP's own
 * `accounts` token for a consent its PSU approved on the bank's pages (redirect and decoupled approaches).
 */
export const AIS_READ_SCOPES = (_params: Record<string, string>, header: (name: string) => string | undefined) => [`AIS:${header('consent-id') ?? ''}`, 'accounts'];

/** The consent behind an AIS read, checked, with this access counted; the NextGenPSD2 error otherwise. */
export async function aisGrantOf(deps: BerlinGroupDeps, call: BgCall): Promise<AisGrant> {
  const consent = await ownConsent(deps, call, call.header('consent-id'), 'header', 'cached');
  const access = aisAccessOf(consent);
  if (!access) throw berlinGroupError('CONSENT_INVALID', 'the consent is not an account information consent');
  // OAuth approach: the token must come from the PSU's authorisation of this very consent, not merely name it.
  // Redirect and decoupled approaches: no grant; the TPP's own client token (no PSU) reads the consent it holds.
  if (consent.grantId !== call.tpp.grantId) throw berlinGroupError('TOKEN_INVALID', 'the access token was not issued for this consent');
  if (consent.status === 'expired') throw berlinGroupError('CONSENT_EXPIRED', `consent ${consent.id} has expired`);
  if (consent.status !== 'valid') throw berlinGroupError('CONSENT_INVALID', `consent ${consent.id} is ${consent.status}`);
  // §6.3.1: PSU-IP-Address says the PSU is present; every other access counts against frequencyPerDay.
  if (!call.header('psu-ip-address')) await deps.consents.recordUnattendedAccess(consent.id, deps.now());
  return { consent, access, allowed: (kind) => accountsAllowed(consent, access, kind) };
}

/** The account named in the path when the grant covers it for `kind`; CONSENT_INVALID (401) otherwise. */
export async function accountFor(deps: BerlinGroupDeps, grant: AisGrant, accountId: string, kind: AccessKind): Promise<BankAccount> {
  const account = grant.allowed(kind).includes(accountId) ? await deps.accounts.account(accountId) : undefined;
  if (!account) throw berlinGroupError('CONSENT_INVALID', `the consent does not cover ${kind} of account ${accountId}`);
  return account;
}
