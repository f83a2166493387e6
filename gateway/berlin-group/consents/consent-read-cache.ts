// SPDX-License-Identifier: Apache-2.0
// Consents as AIS reads see them, remembered for a moment: a TPP reading balances in a loop would otherwise read
// the same consent row on every call. A consent past its validUntil is re-read (and so stored as expired); a
// revocation reaches reads within TTL_MS, and at once through the tokens, which end with the consent's grant.
import type { Consent, ConsentStore } from '../../../consent/index.js';

export const CONSENT_READ_TTL_MS = 1_000;

export function consentReadCache(store: Pick<ConsentStore, 'get'>, now: () => number, ttlMs = CONSENT_READ_TTL_MS): Pick<ConsentStore, 'get'> {
  const entries = new Map<string, { until: number; consent: Promise<Consent | undefined> }>();
  return {
    get(id) {
      const at = now();
      const hit = entries.get(id);
      if (hit && hit.until > at) {
        return hit.consent.then((consent) => (consent && consent.status === 'valid' && consent.validUntil !== undefined && at > consent.validUntil ? store.get(id) : consent));
      }
      const consent = store.get(id);
      if (entries.size > 50_000) entries.clear();
      entries.set(id, { until: at + ttlMs, consent });
      consent.catch(() => entries.delete(id));
      return consent;
    },
  };
}
