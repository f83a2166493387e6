// SPDX-License-Identifier: Apache-2.0
// AIS consents (§6.3): create, read, status, delete. The consent is recorded in the consent store in status
// `received`; the PSU authorises it on the PSU pages through the OAuth SCA approach (`scope=AIS:<consentId>`).
import type { FastifyInstance } from 'fastify';
import type { Consent } from '../../../consent/index.js';
import { referenceOf } from '../account-reference.js';
import type { BerlinGroupDeps } from '../deps.js';
import { bankOf, isoDate, ownConsent } from '../http/call-helpers.js';
import { SCA_APPROACH_HEADER, href, scaOAuthLink } from '../http/links.js';
import { bgRoute, type RequestValidator } from '../http/route-kit.js';
import { scaChoiceOf, scaRedirectLink } from '../http/sca-approach.js';
import { AIS_DETAIL_TYPE, accessWords, aisAccessOf, type AisAccess } from './ais-access.js';
import { consentTermsOf } from './consent-body.js';
import { notificationUriOf, subscribeNotifications } from '../notifications/notification-uri.js';

const ADMIT_AIS = (params: Record<string, string>) => ['accounts', ...(params.consentId ? [`AIS:${params.consentId}`] : [])];

/** The consent's `access` as NextGenPSD2 shows it: account references, or the global form asked for. */
async function accessView(deps: BerlinGroupDeps, consent: Consent, access: AisAccess): Promise<Record<string, unknown>> {
  const all = access.withOwnerName ? 'allAccountsWithOwnerName' : 'allAccounts';
  const refs = async (ids: readonly string[]) => {
    const accounts = await Promise.all(ids.map((id) => deps.accounts.account(id)));
    return accounts.filter((account) => account !== undefined).map(referenceOf);
  };
  const chosen = consent.permissions.accounts.map((account) => account.accountId);
  switch (access.mode) {
    case 'dedicated':
      return { accounts: await refs(access.accounts), balances: await refs(access.balances), transactions: await refs(access.transactions) };
    case 'bankOffered': {
      const accounts = await refs(chosen);
      return { accounts, balances: accounts, transactions: accounts };
    }
    case 'allAccounts':
      return { allPsd2: all };
    case 'availableAccounts':
      return { availableAccounts: all };
    case 'availableAccountsWithBalance':
      return { availableAccountsWithBalance: all };
  }
}

export function consentRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator): void {
  bgRoute(server, deps, validate, {
    method: 'POST', url: '/v1/consents', service: 'AIS', scopes: ADMIT_AIS,
    async handle(call) {
      const bank = await bankOf(deps, call);
      const notificationUri = notificationUriOf(call);
      const sca = scaChoiceOf(call, bank.tenantId);
      const terms = await consentTermsOf(deps.accounts, bank.tenantId, call.body, deps.now());
      const consent = await deps.consents.create({
        tenantId: bank.tenantId,
        scheme: 'berlin-group',
        clientId: call.tpp.clientId,
        ...(sca.psuId && { psuId: sca.psuId }),
        permissions: {
          ...(sca.scaRedirect && { scaRedirect: sca.scaRedirect }),
          scopes: accessWords(terms.access),
          accounts: terms.accounts.map((account) => ({ accountId: account.id, display: `${account.name} ${account.number}`, currency: account.currency })),
          authorizationDetails: [{ type: AIS_DETAIL_TYPE, actions: accessWords(terms.access), berlinGroup: terms.access }],
        },
        recurringIndicator: terms.recurringIndicator,
        validUntil: terms.validUntil,
        frequencyPerDay: terms.frequencyPerDay,
      });
      (call.request.bgTrace ??= {}).consentId = consent.id;
      const notifying = await subscribeNotifications(deps, call, 'consent', consent.id, notificationUri);
      const self = `/v1/consents/${consent.id}`;
      return {
        status: 201,
        headers: { Location: self, ...SCA_APPROACH_HEADER, ...notifying },
        body: {
          consentStatus: consent.status,
          consentId: consent.id,
          _links: {
            ...scaOAuthLink(deps.oauthIssuer()), ...scaRedirectLink(deps, sca, consent.id),
            startAuthorisation: href(`${self}/authorisations`), self: href(self), status: href(`${self}/status`),
          },
        },
      };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/consents/:consentId', service: 'AIS', scopes: ADMIT_AIS,
    async handle(call) {
      const consent = await ownConsent(deps, call, call.params.consentId, 'path');
      const access = aisAccessOf(consent)!;
      return {
        status: 200,
        body: {
          access: await accessView(deps, consent, access),
          recurringIndicator: consent.recurringIndicator,
          validUntil: isoDate(consent.validUntil ?? deps.now()),
          frequencyPerDay: consent.frequencyPerDay ?? 1,
          lastActionDate: isoDate(consent.updatedAt),
          consentStatus: consent.status,
          _links: { ...(consent.status === 'valid' && { account: href('/v1/accounts') }), status: href(`/v1/consents/${consent.id}/status`) },
        },
      };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/consents/:consentId/status', service: 'AIS', scopes: ADMIT_AIS,
    async handle(call) {
      const consent = await ownConsent(deps, call, call.params.consentId, 'path');
      return { status: 200, body: { consentStatus: consent.status } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'DELETE', url: '/v1/consents/:consentId', service: 'AIS', scopes: ADMIT_AIS,
    async handle(call) {
      const consent = await ownConsent(deps, call, call.params.consentId, 'path');
      const ended = await deps.consents.terminateByTpp(consent.id, call.tpp.clientId);
      // Tokens issued under the consent end with it (§6.3.4: the consent is deleted for good). The consent store
      // publishes the change itself (consent.status), which TPP notifications follow.
      if (ended.grantId) await deps.revokeGrant(ended.grantId);
      return { status: 204 };
    },
  });
}
