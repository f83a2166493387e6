// SPDX-License-Identifier: Apache-2.0
// The team sandbox as the portal in the sandbox process builds it: the PSUs in the shared database, the balances
// at the Fineract simulator reached over its admin API on the simulators listener.
import type { SqlDatabase } from '../../../platform/store/index.js';
import { fineractAdminBank } from './adapters/http/fineract-admin-bank.js';
import { openSqlTeamPsuStore } from './adapters/sql/sql-team-psu-store.js';
import type { TeamSandbox } from './model.js';
import { createTeamSandbox } from './team-sandbox.js';

export interface OpenTeamSandboxOptions {
  /** The simulators listener's base URL, or a function read at each call (the listener is bound after start). */
  simulatorsUrl: string | (() => string);
  /** Epoch ms; `Date.now` by default. */
  now?: () => number;
}

/** Opens the team sandbox on the shared database (migrating the sandbox directory's tables). */
export async function openTeamSandbox(database: SqlDatabase, options: OpenTeamSandboxOptions): Promise<TeamSandbox> {
  return createTeamSandbox({
    store: await openSqlTeamPsuStore(database),
    bank: fineractAdminBank({ baseUrl: options.simulatorsUrl }),
    ...(options.now && { now: options.now }),
  });
}
