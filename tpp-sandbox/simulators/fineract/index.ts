// SPDX-License-Identifier: Apache-2.0
// The Fineract simulator's public surface (re-exported by tpp-sandbox/index.ts).
export { openFineractSimulator, FINERACT_DEMO_CREDENTIALS, type FineractSimulator, type FineractSimulatorOptions } from './fineract-simulator.js';
export type { SeedAccount as FineractSeedAccount, SeedOptions as FineractSeedOptions, AccountStatus as FineractAccountStatus } from './accounts.js';
export { sandboxFineractAccounts } from './sandbox-accounts.js';
export { DEFAULT_FEE_RULE as FINERACT_DEFAULT_FEE_RULE, type FeeRule as FineractFeeRule } from './fees.js';
export type { FineractMode } from './faults.js';
export { GL_ACCOUNTS as FINERACT_GL_ACCOUNTS } from './bookings.js';
export { FINERACT_ERROR_CODES, type FineractErrorBody } from './fineract-errors.js';
