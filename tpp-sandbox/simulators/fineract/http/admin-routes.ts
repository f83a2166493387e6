// SPDX-License-Identifier: Apache-2.0
// /fineract/admin/...: what tests in another process need that Fineract's API does not give: fault injection and
// the journal entries of an account. Loopback only (the simulators listener), so no authentication.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { accountJournal, ACCOUNT_STATUSES, setAccountStatus, type AccountStatus } from '../accounts.js';
import { FINERACT_MODES, type FaultSwitch, type FineractMode } from '../faults.js';
import type { Tables } from '../tables.js';

export interface AdminRouteSettings {
  db: Kysely<Tables>;
  faults: FaultSwitch;
}

/**
 * `PUT|GET /fineract/admin/tenants/{tenant}/mode` `{ "mode": "up" | "unavailable" | "hang", "accounts"?: [id] }` (with
 * `accounts`, only postings and quotes on those accounts),
 * `PUT .../accounts/{id}/status` `{ "status": "ACTIVE" | "INACTIVE" | "CLOSED" }`, `GET .../accounts/{id}/journal-entries`.
 */
export async function adminRoutes(server: FastifyInstance, settings: AdminRouteSettings): Promise<void> {
  server.put<{ Params: { tenant: string }; Body: { mode?: unknown; accounts?: unknown } }>('/fineract/admin/tenants/:tenant/mode', async (request, reply) => {
    const mode = request.body?.mode;
    if (typeof mode !== 'string' || !FINERACT_MODES.includes(mode as FineractMode)) {
      return reply.status(400).send({ error: `mode must be one of ${FINERACT_MODES.join(', ')}` });
    }
    const accounts = request.body?.accounts;
    if (accounts !== undefined && !(Array.isArray(accounts) && accounts.every((account) => typeof account === 'string'))) {
      return reply.status(400).send({ error: 'accounts must be a list of account ids' });
    }
    settings.faults.set(request.params.tenant, mode as FineractMode, accounts as string[] | undefined);
    return { tenantId: request.params.tenant, mode, ...(accounts !== undefined && { accounts }) };
  });

  server.get<{ Params: { tenant: string } }>('/fineract/admin/tenants/:tenant/mode', async (request) =>
    ({ tenantId: request.params.tenant, mode: settings.faults.mode(request.params.tenant) }));

  server.put<{ Params: { tenant: string; accountId: string }; Body: { status?: unknown } }>('/fineract/admin/tenants/:tenant/accounts/:accountId/status', async (request, reply) => {
    const status = request.body?.status;
    if (typeof status !== 'string' || !ACCOUNT_STATUSES.includes(status as AccountStatus)) {
      return reply.status(400).send({ error: `status must be one of ${ACCOUNT_STATUSES.join(', ')}` });
    }
    if (!(await setAccountStatus(settings.db, request.params.tenant, request.params.accountId, status as AccountStatus))) {
      return reply.status(404).send({ error: `no account ${request.params.accountId} at ${request.params.tenant}` });
    }
    return { tenantId: request.params.tenant, accountId: request.params.accountId, status };
  });

  server.get<{ Params: { tenant: string; accountId: string } }>('/fineract/admin/tenants/:tenant/accounts/:accountId/journal-entries', async (request) => {
    const entries = await accountJournal(settings.db, request.params.tenant, request.params.accountId);
    return { totalFilteredRecords: entries.length, pageItems: entries };
  });
}
