// SPDX-License-Identifier: Apache-2.0
// The developer portal's applications (issue 8): registration by DCR, test certificates, production requests.
export { PortalApplications, type PortalApplicationsOptions, type Team, type NewApplication, type CertificateOrder, type StatementSigner } from './portal-applications.js';
export { httpClientRegistrar, type ClientRegistrar, type RegisteredClient } from './client-registrar.js';
export * from './errors.js';
export * from './model.js';
export { APP_ROLES, PSD2_ROLE_OF, organisationIdentifierOf } from './rules.js';
export { openSqlApplicationStore } from './adapters/sql/sql-application-store.js';
