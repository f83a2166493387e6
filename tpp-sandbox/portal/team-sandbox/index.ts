// SPDX-License-Identifier: Apache-2.0
// The portal's team sandbox (issue 8): a team's own test PSUs and accounts at the sandbox banks, and their reset.
export { createTeamSandbox, type TeamSandboxOptions } from './team-sandbox.js';
export { openTeamSandbox, type OpenTeamSandboxOptions } from './open-team-sandbox.js';
export * from './errors.js';
export * from './model.js';
export { MAX_TEAM_PSUS, USERNAME_MAX_LENGTH, NAME_MAX_LENGTH, teamSuffix, teamUsername } from './rules.js';
export { openSqlTeamPsuStore } from './adapters/sql/sql-team-psu-store.js';
export { fineractAdminBank, type FineractAdminBankOptions } from './adapters/http/fineract-admin-bank.js';
