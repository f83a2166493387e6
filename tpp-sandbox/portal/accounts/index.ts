// SPDX-License-Identifier: Apache-2.0
// The developer portal's accounts and teams (issue 8): the service, its port, its errors and the SQL store.
export { PortalAccounts, PORTAL_LINK_PATHS, type PortalAccountsOptions, type SignUp } from './portal-accounts.js';
export * from './errors.js';
export * from './model.js';
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, NAME_MAX_LENGTH, normaliseEmail } from './rules.js';
export { openSqlPortalAccountStore } from './adapters/sql/sql-portal-account-store.js';
