// SPDX-License-Identifier: Apache-2.0
// The consent context: the FAPI 2.0 authorisation server, the PSU pages, the sandbox directory, the client
// registry and the consent store. Other contexts import only from here.
export { TokenRefused, type PresentedRequest, type PresentedTokenOptions } from './provider/presented-token.js';
export { openConsentServer, type ConsentServer, type VerifiedToken, type ConsentServerSettings, type ConsentListenerUrls } from './consent-server.js';
export type { PsuDirectory, PsuBank, PsuIdentity, PsuAccount, OneTimeCodes, CodeRecipient } from './psu/psu-directory.js';
export { OTP_TTL_MS } from './psu/steps/authenticate.js';
export { OPERATOR_ROLES, operatorSubject, type Operator, type NewOperator, type OperatorDirectory, type OperatorRole, type TenantRoles } from './operators/operator.js';
export { openSqlOperatorDirectory } from './operators/adapters/sql/sql-operator-directory.js';
export { OPERATIONS_SCOPE } from './provider/client-roles.js';
export { openClientRegistry, type ClientRegistry, type ClientMetadata } from './clients/client-registry.js';
export {
  openSoftwareDirectory, SANDBOX_DIRECTORY_ISSUER, SoftwareStatementRejected,
  type SoftwareDirectory, type SoftwareStatementRequest, type SoftwareStatementClaims,
} from './directory/software-directory.js';
export { openSqlKeyStore, type KeyStore } from './provider/keys/key-store.js';
export { TPP_ROLES, ROLE_GRANTS, type TppRole } from './provider/client-roles.js';
export { API_RESOURCE } from './provider/resource-server.js';
export { OAUTH_MOUNT } from './provider/http/oauth-routes.js';
export { CONSENT_STATUSES, FINAL_STATUSES } from './consents/consent.js';
export type {
  AccountReference, Consent, ConsentPermissions, ConsentScheme, ConsentStatus, ConsentStore, NewConsent,
} from './consents/consent.js';
export { openSqlConsentStore } from './consents/adapters/sql/sql-consent-store.js';
export { publishingConsentStore, CONSENT_STATUS_TOPIC } from './consents/consent-events.js';
