// SPDX-License-Identifier: Apache-2.0
// Consent status changes on the event log, so other contexts react without polling: the gateway starts a payment
// as soon as its PSU signs it, TPP notifications and the audit trail follow consents. The record is appended after
// the change is stored; a failed append is logged and the readers' sweeps catch up.
import type { EventLog } from '../../platform/events/index.js';
import type { Logger } from '../../platform/log/index.js';
import type { Consent, ConsentStore } from './consent.js';

/** Topic of consent status changes: `{ consentId, status, scheme, clientId, tenantId, psuId, at }`, keyed by consent id. */
export const CONSENT_STATUS_TOPIC = 'consent.status';

/** The store, publishing every status change it makes to CONSENT_STATUS_TOPIC. */
export function publishingConsentStore(store: ConsentStore, log: EventLog, logger: Logger): ConsentStore {
  const publish = async (consent: Consent): Promise<Consent> => {
    try {
      await log.append(CONSENT_STATUS_TOPIC, [{
        key: consent.id,
        value: { consentId: consent.id, status: consent.status, scheme: consent.scheme, clientId: consent.clientId, tenantId: consent.tenantId, psuId: consent.psuId ?? null, at: consent.statusChangedAt },
        timestamp: consent.statusChangedAt,
      }]);
    } catch (error) {
      logger.warn({ err: error, consentId: consent.id }, 'publishing a consent status change failed');
    }
    return consent;
  };
  return {
    create: (consent) => store.create(consent),
    get: (id) => store.get(id),
    listForPsu: (psuId) => store.listForPsu(psuId),
    listForClients: (clientIds, limit) => store.listForClients(clientIds, limit),
    findByGrant: (grantId) => store.findByGrant(grantId),
    recordUnattendedAccess: (id, now) => store.recordUnattendedAccess(id, now),
    authorise: async (id, psuId, accounts, grantId) => publish(await store.authorise(id, psuId, accounts, grantId)),
    reject: async (id) => publish(await store.reject(id)),
    revokeByPsu: async (id, psuId) => publish(await store.revokeByPsu(id, psuId)),
    terminateByTpp: async (id, clientId) => publish(await store.terminateByTpp(id, clientId)),
  };
}
