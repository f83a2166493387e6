// SPDX-License-Identifier: Apache-2.0
// The consent context's public surface: the consent store port, its lifecycle, adapters and errors.
export { CONSENT_STATUSES, FINAL_STATUSES, type Consent, type ConsentStatus, type ConsentScheme, type ConsentPermissions, type AccountReference, type NewConsent, type ConsentStore } from './consents/consent.js';
export { CONSENT_TRANSITIONS, transition, expireIfDue, isPastValidity, requireConsentFor, requireUsable, type ConsentActor, type ConsentActorRole } from './consents/consent-lifecycle.js';
export { openSqlConsentStore, type SqlConsentStoreOptions } from './consents/adapters/sql/sql-consent-store.js';
export { ConsentUnknownError, ConsentStatusInvalidError, ConsentExpiredError, ConsentInvalidError, ConsentAccessExceededError, type ConsentError } from './errors.js';
