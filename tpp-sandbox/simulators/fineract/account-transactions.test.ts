// SPDX-License-Identifier: Apache-2.0
// GET accounts/{accountId}/transactions on the wire, as a statement reader sees it: the opening deposit and every
// committed leg with its fee as entries of their own, running balances, Fineract's debit/credit flags and booking
// date range, the simulator's optional paging, and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openFineractSimulator } from './index.js';

const AUTH = `Basic ${Buffer.from('mifos:password').toString('base64')}`;
const ACCOUNT = 'acc-statement-1';
const RHINO = 'acc-rhino-1';
const OPENED = '2026-11-29T08:00:00.000Z';

interface Entry {
  savingTransactionId: string;
  transactionType: string;
  amount: string;
  chargeAmount?: string;
  accountBalance: string;
  bookingDateTime: string;
  note: string;
  transactionCode?: string;
  transferCode?: string;
}

for (const target of testDatabaseTargets) {
  describe(`Fineract simulator account transactions on ${target.name}`, { skip: target.skip }, () => {
    let database: SqlDatabase;
    let server: FastifyInstance;
    let origin: string;
    let now = Date.parse(OPENED);

    const get = async (path: string, tenant = 'buffalo') => {
      const response = await fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/${path}`, {
        headers: { authorization: AUTH, 'Fineract-Platform-TenantId': tenant },
      });
      return { status: response.status, body: (await response.json()) as { transactions?: Entry[]; errors?: { parameterName?: string; userMessageGlobalisationCode?: string }[] } };
    };
    const list = async (query = '') => {
      const answer = await get(`accounts/${ACCOUNT}/transactions${query}`);
      assert.equal(answer.status, 200);
      return (answer.body.transactions ?? []).map((entry) => `${entry.transactionType} ${entry.amount} → ${entry.accountBalance}`);
    };
    const transfer = async (action: string, at: string, body: Record<string, unknown>) => {
      now = Date.parse(at);
      const response = await fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/transfers?action=${action}`, {
        method: 'POST',
        headers: { authorization: AUTH, 'Fineract-Platform-TenantId': 'buffalo', 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: ACCOUNT, amount: { amount: '1000', currency: 'TZS' }, ...body }),
      });
      assert.equal(response.status, 200, await response.text());
    };

    before(async () => {
      ({ database } = await target.open());
      const simulator = await openFineractSimulator(database, { clock: () => now });
      await simulator.seed([
        { tenantId: 'buffalo', accountId: ACCOUNT, currency: 'TZS', openingBalance: '50000.00', holderName: 'John Smith' },
        { tenantId: 'rhino', accountId: RHINO, currency: 'TZS', openingBalance: '1000.00', holderName: 'Baraka Mwakyusa' },
      ]);
      server = Fastify();
      await server.register(simulator.routes);
      await server.listen({ host: '127.0.0.1', port: 0 });
      const address = server.server.address();
      origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      // Given a payment out at 09:00 (fee 100.00 by the default rule), one in at 10:00, and a payment out at 11:00
      // that is only prepared and one that is prepared and released: holds are no entries.
      await transfer('CREATE', '2026-11-29T09:00:00Z', { transactionCode: 'tx-out', transferCode: 'tr-out', transactionRole: 'PAYER', note: 'Invoice 12' });
      await transfer('CREATE', '2026-11-29T10:00:00Z', { transactionCode: 'tx-in', transferCode: 'tr-in', transactionRole: 'PAYEE', amount: { amount: '300', currency: 'TZS' } });
      await transfer('PREPARE', '2026-11-29T11:00:00Z', { transactionCode: 'tx-held', transferCode: 'tr-held', transactionRole: 'PAYER' });
      await transfer('PREPARE', '2026-11-29T11:30:00Z', { transactionCode: 'tx-gone', transferCode: 'tr-gone', transactionRole: 'PAYER' });
      await transfer('RELEASE', '2026-11-29T11:31:00Z', { transactionCode: 'tx-gone', transferCode: 'tr-gone', transactionRole: 'PAYER' });
    });

    after(async () => {
      await server.close();
      await database.close();
    });

    it('lists every booking newest first in InteropTransactionData shape: the fee as its own entry, the opening deposit last', async () => {
      const answer = await get(`accounts/${ACCOUNT}/transactions?debit=true&credit=true`);
      assert.equal(answer.status, 200);
      const entries = answer.body.transactions ?? [];
      assert.deepEqual(entries.map(({ savingTransactionId: _id, ...entry }) => entry), [
        { transactionType: 'DEPOSIT', amount: '300.00', currency: 'TZS', accountBalance: '49200.00', accountId: ACCOUNT, bookingDateTime: '2026-11-29T10:00:00.000Z',
          valueDateTime: '2026-11-29T10:00:00.000Z', note: 'Deposit', transactionCode: 'tx-in', transferCode: 'tr-in' },
        { transactionType: 'WITHDRAWAL_FEE', amount: '100.00', chargeAmount: '100.00', currency: 'TZS', accountBalance: '48900.00', accountId: ACCOUNT,
          bookingDateTime: '2026-11-29T09:00:00.000Z', valueDateTime: '2026-11-29T09:00:00.000Z', note: 'Withdrawal fee', transactionCode: 'tx-out', transferCode: 'tr-out' },
        { transactionType: 'WITHDRAWAL', amount: '1000.00', currency: 'TZS', accountBalance: '49000.00', accountId: ACCOUNT, bookingDateTime: '2026-11-29T09:00:00.000Z',
          valueDateTime: '2026-11-29T09:00:00.000Z', note: 'Withdrawal Invoice 12', transactionCode: 'tx-out', transferCode: 'tr-out' },
        { transactionType: 'DEPOSIT', amount: '50000.00', currency: 'TZS', accountBalance: '50000.00', accountId: ACCOUNT, bookingDateTime: OPENED,
          valueDateTime: OPENED, note: 'Deposit Opening balance' },
      ]);
      assert.equal(new Set(entries.map((entry) => entry.savingTransactionId)).size, 4);
    });

    it('lists debits only by default, credits only with debit=false&credit=true, as Fineract', async () => {
      assert.deepEqual(await list(), ['WITHDRAWAL_FEE 100.00 → 48900.00', 'WITHDRAWAL 1000.00 → 49000.00']);
      assert.deepEqual(await list('?debit=false&credit=true'), ['DEPOSIT 300.00 → 49200.00', 'DEPOSIT 50000.00 → 50000.00']);
    });

    it('keeps bookings from fromBookingDateTime inclusive up to toBookingDateTime exclusive, local date-times read as UTC', async () => {
      assert.deepEqual(await list('?debit=true&credit=true&fromBookingDateTime=2026-11-29T09:00:00&toBookingDateTime=2026-11-29T10:00:00'),
        ['WITHDRAWAL_FEE 100.00 → 48900.00', 'WITHDRAWAL 1000.00 → 49000.00']);
      assert.deepEqual(await list('?debit=true&credit=true&fromBookingDateTime=2026-11-29T09:00:00.001'), ['DEPOSIT 300.00 → 49200.00']);
      assert.deepEqual(await list('?debit=true&credit=true&toBookingDateTime=2026-11-29T08:00:00'), []);
      const bad = await get(`accounts/${ACCOUNT}/transactions?fromBookingDateTime=yesterday`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors?.[0]?.parameterName, 'fromBookingDateTime');
    });

    it('answers the whole list without limit, and pages with the simulator-only limit and offset', async () => {
      assert.equal((await list('?debit=true&credit=true')).length, 4);
      assert.deepEqual(await list('?debit=true&credit=true&limit=2&offset=1'), ['WITHDRAWAL_FEE 100.00 → 48900.00', 'WITHDRAWAL 1000.00 → 49000.00']);
      assert.deepEqual(await list('?debit=true&credit=true&offset=3'), ['DEPOSIT 50000.00 → 50000.00']);
      assert.equal((await get(`accounts/${ACCOUNT}/transactions?limit=0`)).status, 400);
    });

    it("answers another tenant's account and an unknown one with Fineract's 404", async () => {
      for (const [tenant, account] of [['buffalo', RHINO], ['rhino', ACCOUNT], ['buffalo', 'no-such-account']] as const) {
        const answer = await get(`accounts/${account}/transactions`, tenant);
        assert.equal(answer.status, 404, `${tenant}/${account}`);
        assert.equal(answer.body.errors?.[0]?.userMessageGlobalisationCode, 'error.msg.saving.account.id.invalid');
      }
      assert.equal((await get(`accounts/${RHINO}/transactions?credit=true`, 'rhino')).body.transactions?.length, 1);
    });
  });
}
