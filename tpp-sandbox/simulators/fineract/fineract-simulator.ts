// SPDX-License-Identifier: Apache-2.0
// Apache Fineract's interoperation API for the sandbox banks: multi-tenant, durable in Lango's database, with
// holds, bookings, fees and double-entry journal entries, so payments between sandbox banks move real balances.
import type { FastifyInstance } from 'fastify';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { seedAccounts, setAccountStatus, tenantFeeRule, type AccountStatus, type SeedAccount, type SeedOptions } from './accounts.js';
import { FaultSwitch, type FineractMode } from './faults.js';
import { adminRoutes } from './http/admin-routes.js';
import { interopRoutes } from './http/interop-routes.js';
import { fineractSimMigrations } from './migrations.js';
import type { Tables } from './tables.js';

export interface FineractSimulatorOptions {
  /** HTTP Basic credentials the API accepts; Fineract's demo `mifos` / `password` by default. */
  credentials?: { username: string; password: string };
  /** Epoch milliseconds for booking dates; `Date.now` by default. */
  clock?: () => number;
}

export interface FineractSimulator {
  /** Creates the accounts (and their tenants) not seen before, booking each opening balance once. */
  seed(accounts: readonly SeedAccount[], options?: SeedOptions): Promise<void>;
  /** The fastify plugin serving `/fineract/fineract-provider/api/v1/interoperation/...` and `/fineract/admin/...`. */
  routes(server: FastifyInstance): Promise<void>;
  /** Takes one tenant's Fineract down (`unavailable`: 503; `hang`: no answer) or back `up`. */
  setDown(tenantId: string, mode: FineractMode): void;
  /** Opens or blocks an account; INACTIVE and CLOSED refuse transfers and quotes. False when there is no such account. */
  setAccountStatus(tenantId: string, accountId: string, status: AccountStatus): Promise<boolean>;
}

/** Fineract's demo login (`mifos` / `password`), the simulator's default: public sandbox credentials. */
export const FINERACT_DEMO_CREDENTIALS = Object.freeze({ username: 'mifos', password: 'password' });

/** Opens the simulator on the shared database, bringing its tables up to date. */
export async function openFineractSimulator(database: SqlDatabase, options: FineractSimulatorOptions = {}): Promise<FineractSimulator> {
  await database.migrate('fineract_sim', fineractSimMigrations(database.dialect));
  const db = database.kysely<Tables>();
  const clock = options.clock ?? Date.now;
  const credentials = options.credentials ?? FINERACT_DEMO_CREDENTIALS;
  const faults = new FaultSwitch();
  // Tenants are only ever added, so a positive answer can be remembered; an unknown one is asked again.
  const tenants = new Set<string>();
  const knowsTenant = async (tenantId: string) => {
    if (tenants.has(tenantId)) return true;
    if (await tenantFeeRule(db, tenantId)) tenants.add(tenantId);
    return tenants.has(tenantId);
  };

  return {
    async seed(accounts, seedOptions = {}) {
      await seedAccounts(db, accounts, seedOptions, clock());
    },
    async routes(server) {
      // preClose runs before the listener waits for in-flight requests, which a hang would hold forever.
      server.addHook('preClose', async () => faults.closeAll());
      await server.register(async (scope) => interopRoutes(scope, { db, clock, faults, credentials, knowsTenant }));
      await server.register(async (scope) => adminRoutes(scope, { db, faults, clock }));
    },
    setDown(tenantId, mode) {
      faults.set(tenantId, mode);
    },
    setAccountStatus(tenantId, accountId, status) {
      return setAccountStatus(db, tenantId, accountId, status);
    },
  };
}
