// SPDX-License-Identifier: Apache-2.0
// /fineract/admin/...: what tests in another process need that Fineract's API does not give: fault injection and
// the journal entries of an account; and the portal's team sandboxes (issue 8): open, read and restore an account.
// Loopback only (the simulators listener), so no authentication.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { LangoError } from '../../../../platform/errors/index.js';
import { openAccount, restoreAccount } from '../account-admin.js';
import { accountJournal, accountView, ACCOUNT_STATUSES, setAccountStatus, type AccountStatus } from '../accounts.js';
import { FINERACT_MODES, type FaultSwitch, type FineractMode } from '../faults.js';
import type { Tables } from '../tables.js';

export interface AdminRouteSettings {
  db: Kysely<Tables>;
  faults: FaultSwitch;
  /** Epoch ms for the bookings of opened and restored accounts; `Date.now` by default. */
  clock?: () => number;
}

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The account's row, or undefined; Fineract's own 404 is for the interop API, the admin API answers plain JSON. */
async function findAccount(db: Kysely<Tables>, tenantId: string, accountId: string) {
  return db.selectFrom('fineract_sim_accounts').selectAll().where('tenant_id', '=', tenantId).where('account_id', '=', accountId).executeTakeFirst();
}

/** An amount the money module refuses (junk, too many decimals) as the admin API's 400 text; anything else rethrown. */
function amountError(error: unknown): string {
  if (error instanceof LangoError && error.code === 'VALIDATION_FAILED') return error.message;
  throw error;
}

/**
 * `PUT|GET /fineract/admin/tenants/{tenant}/mode` `{ "mode": "up" | "unavailable" | "hang", "accounts"?: [id] }` (with
 * `accounts`, only postings and quotes on those accounts),
 * `PUT .../accounts/{id}/status` `{ "status": "ACTIVE" | "INACTIVE" | "CLOSED" }`, `GET .../accounts/{id}/journal-entries`,
 * `POST .../accounts` `{ accountId, currency, openingBalance, holderName }` (201; 200 when it existed, unchanged),
 * `GET .../accounts/{id}` (the interop account view), `POST .../accounts/{id}/restore` `{ openingBalance }`.
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

  const clock = settings.clock ?? Date.now;

  server.post<{ Params: { tenant: string }; Body: Record<string, unknown> | undefined }>('/fineract/admin/tenants/:tenant/accounts', async (request, reply) => {
    const { accountId, currency, openingBalance, holderName } = request.body ?? {};
    if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) return reply.status(400).send({ error: 'accountId must be 1 to 64 letters, digits, - or _' });
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) return reply.status(400).send({ error: 'currency must be an ISO 4217 code' });
    if (typeof openingBalance !== 'string') return reply.status(400).send({ error: 'openingBalance must be a decimal string' });
    if (typeof holderName !== 'string' || !holderName.trim() || holderName.length > 256) return reply.status(400).send({ error: 'holderName must be 1 to 256 characters' });
    const existed = await findAccount(settings.db, request.params.tenant, accountId);
    try {
      const row = await openAccount(settings.db, { tenantId: request.params.tenant, accountId, currency, openingBalance, holderName }, clock());
      return reply.status(existed ? 200 : 201).send(accountView(row));
    } catch (error) {
      return reply.status(400).send({ error: amountError(error) });
    }
  });

  server.get<{ Params: { tenant: string; accountId: string } }>('/fineract/admin/tenants/:tenant/accounts/:accountId', async (request, reply) => {
    const row = await findAccount(settings.db, request.params.tenant, request.params.accountId);
    return row ? accountView(row) : reply.status(404).send({ error: `no account ${request.params.accountId} at ${request.params.tenant}` });
  });

  server.post<{ Params: { tenant: string; accountId: string }; Body: { openingBalance?: unknown } | undefined }>('/fineract/admin/tenants/:tenant/accounts/:accountId/restore', async (request, reply) => {
    const openingBalance = request.body?.openingBalance;
    if (typeof openingBalance !== 'string') return reply.status(400).send({ error: 'openingBalance must be a decimal string' });
    if (!(await findAccount(settings.db, request.params.tenant, request.params.accountId))) {
      return reply.status(404).send({ error: `no account ${request.params.accountId} at ${request.params.tenant}` });
    }
    try {
      return accountView(await restoreAccount(settings.db, request.params.tenant, request.params.accountId, openingBalance, clock()));
    } catch (error) {
      return reply.status(400).send({ error: amountError(error) });
    }
  });

  server.get<{ Params: { tenant: string; accountId: string } }>('/fineract/admin/tenants/:tenant/accounts/:accountId/journal-entries', async (request) => {
    const entries = await accountJournal(settings.db, request.params.tenant, request.params.accountId);
    return { totalFilteredRecords: entries.length, pageItems: entries };
  });
}
