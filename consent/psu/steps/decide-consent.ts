// SPDX-License-Identifier: Apache-2.0
// Step 3 of an authorisation: the consent record (received → valid | rejected) and the grant behind the tokens.
import type { AccountReference, Consent, ConsentStore } from '../../consents/consent.js';
import type { OidcInteraction, OidcProvider } from '../../provider/oidc-provider.js';
import { consentRequestOf, enrichDetail, permissionsOf, type ConsentRequest } from '../consent-request.js';
import type { PsuFlow } from '../psu-flow.js';
import type { PsuAccount, PsuDirectory } from '../psu-directory.js';

/**
 * Approval on the PSU pages without OAuth (Berlin Group decoupled and redirect approaches): the consent, still
 * `received`, becomes `valid` for this PSU on the accounts it names that are the PSU's, or on all the PSU's accounts
 * at the bank when it names none. Undefined when it names accounts and none of them is the PSU's.
 */
export async function approveConsent(directory: PsuDirectory, consents: ConsentStore, consentId: string, psuId: string): Promise<Consent | undefined> {
  const consent = await consents.get(consentId);
  if (!consent) return undefined;
  const mine = await directory.accounts(psuId);
  const fixed = consent.permissions.accounts.map((account) => account.accountId);
  const accounts = fixed.length ? mine.filter((account) => fixed.includes(account.id)) : mine;
  if (accounts.length === 0) return undefined;
  return consents.authorise(consentId, psuId, references(accounts), undefined);
}

/** Why a consent cannot be asked for; the authorisation ends with access_denied. */
export class ConsentNotAskable extends Error {}

/**
 * Records the consent the PSU is asked for, in status `received`. Berlin Group's OAuth SCA approach names an
 * existing consent in the scope (`AIS:<consentId>`, `PIIS:<consentId>`, `PIS:<paymentId>`: the gateway records a
 * payment's authorisation as a consent with the payment's id): that one is authorised instead of a new one, when
 * it is this TPP's, at this bank, and still `received`.
 */
export async function askConsent(consents: ConsentStore, interaction: OidcInteraction, flow: PsuFlow, now: number): Promise<void> {
  const request = consentRequestOf(interaction.params, now);
  const named = request.namedConsent;
  if (named) {
    const existing = await consents.get(named.id);
    if (!existing || existing.clientId !== request.clientId || existing.tenantId !== flow.tenantId || existing.status !== 'received') {
      throw new ConsentNotAskable(`consent ${named.id} cannot be authorised by this request`);
    }
    flow.consentId = existing.id;
    return;
  }
  const consent = await consents.create({
    tenantId: flow.tenantId!,
    scheme: 'oauth',
    clientId: request.clientId,
    psuId: flow.psuId!,
    permissions: permissionsOf(request, []),
    recurringIndicator: request.recurring,
    validUntil: request.validUntil,
    ...(request.frequencyPerDay !== undefined && { frequencyPerDay: request.frequencyPerDay }),
  });
  flow.consentId = consent.id;
}

/**
 * The accounts the PSU may choose on the consent page: its accounts at the bank, narrowed to those a named consent
 * already lists (a dedicated Berlin Group consent, a payment's debtor account).
 */
export async function offeredAccounts(directory: PsuDirectory, consents: ConsentStore, flow: PsuFlow): Promise<PsuAccount[]> {
  const accounts = await directory.accounts(flow.psuId!);
  const named = flow.consentId ? await consents.get(flow.consentId) : undefined;
  const fixed = named?.permissions.accounts.map((account) => account.accountId) ?? [];
  return fixed.length ? accounts.filter((account) => fixed.includes(account.id)) : accounts;
}

/** How a consent records the accounts a PSU chose. */
export function references(accounts: readonly PsuAccount[]): AccountReference[] {
  return accounts.map((account) => ({ accountId: account.id, display: `${account.name} ${account.number}`, currency: account.currency }));
}

/**
 * The PSU allowed it on `accounts`: a grant with the requested scopes and the details enriched with the accounts
 * and the consent id (RFC 9396 §7), the consent made `valid` and bound to the grant. Returns the grant id.
 */
export async function acceptConsent(provider: OidcProvider, consents: ConsentStore, request: ConsentRequest, flow: PsuFlow, accounts: readonly PsuAccount[]): Promise<string> {
  const refs = references(accounts);
  const grant = new provider.Grant({ accountId: flow.psuId!, clientId: request.clientId });
  if (request.oidcScopes.length) grant.addOIDCScope(request.oidcScopes.join(' '));
  if (request.apiScopes.length) grant.addResourceScope(request.resource, request.apiScopes.join(' '));
  for (const detail of request.details) grant.addRar({ ...enrichDetail(detail, refs), consentId: flow.consentId });
  const grantId = await grant.save();
  await consents.authorise(flow.consentId!, flow.psuId!, refs, grantId);
  return grantId;
}
