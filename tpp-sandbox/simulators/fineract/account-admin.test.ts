// SPDX-License-Identifier: Apache-2.0
// The admin API's account actions for the portal's team sandboxes, on the wire: open with an opening balance (once),
// read, restore to the opening balance with an empty history; refusals as plain JSON 400 / 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openFineractSimulator } from './index.js';

const AUTH = `Basic ${Buffer.from('mifos:password').toString('base64')}`;
const OPEN = { accountId: 'team-acc-1', currency: 'TZS', openingBalance: '5000.50', holderName: 'Team Person' };

for (const target of testDatabaseTargets) {
  describe(`Fineract simulator admin accounts on ${target.name}`, { skip: target.skip }, () => {
    let database: SqlDatabase;
    let server: FastifyInstance;
    let origin: string;
    const admin = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${origin}/fineract/admin/tenants/lion${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
      return { status: response.status, body: await response.json() as Record<string, unknown> };
    };
    const interop = (method: string, path: string, body?: unknown) => fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/${path}`, {
      method, headers: { authorization: AUTH, 'fineract-platform-tenantid': 'lion', ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }),
    });

    before(async () => {
      ({ database } = await target.open());
      const simulator = await openFineractSimulator(database);
      server = Fastify();
      await server.register(simulator.routes);
      await server.listen({ host: '127.0.0.1', port: 0 });
      const address = server.server.address();
      origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    after(async () => {
      await server.close();
      await database.close();
    });

    it('opens an account once with its opening balance, at a tenant it did not host yet', async () => {
      const opened = await admin('POST', '/accounts', OPEN);
      assert.equal(opened.status, 201);
      assert.equal(opened.body.accountBalance, '5000.50');
      const again = await admin('POST', '/accounts', { ...OPEN, openingBalance: '1.00' });
      assert.equal(again.status, 200);
      assert.equal(again.body.accountBalance, '5000.50', 'an existing account is left as it is');
      assert.equal((await admin('GET', `/accounts/${OPEN.accountId}`)).body.holderName, 'Team Person');
      assert.equal((await interop('GET', `accounts/${OPEN.accountId}`)).status, 200, 'the interop API knows it');
    });

    it('restores an account after a payment: the opening balance, one deposit, active again', async () => {
      const paid = await interop('POST', 'transfers?action=CREATE', { transactionCode: 'adm-1', transferCode: 'adm-1', transactionRole: 'PAYER', accountId: OPEN.accountId, amount: { amount: '1000', currency: 'TZS' } });
      assert.equal(paid.status, 200);
      assert.notEqual((await admin('GET', `/accounts/${OPEN.accountId}`)).body.accountBalance, '5000.50');
      assert.equal((await admin('PUT', `/accounts/${OPEN.accountId}/status`, { status: 'CLOSED' })).status, 200);

      const restored = await admin('POST', `/accounts/${OPEN.accountId}/restore`, { openingBalance: '5000.50' });
      assert.equal(restored.status, 200);
      assert.deepEqual([restored.body.accountBalance, restored.body.balanceOnHold, (restored.body.status as { active: boolean }).active], ['5000.50', '0.00', true]);
      const history = await (await interop('GET', `accounts/${OPEN.accountId}/transactions?debit=true&credit=true`)).json() as { transactions: { transactionType: string; amount: string }[] };
      assert.deepEqual(history.transactions.map((entry) => `${entry.transactionType} ${entry.amount}`), ['DEPOSIT 5000.50']);
      const journal = await (await fetch(`${origin}/fineract/admin/tenants/lion/accounts/${OPEN.accountId}/journal-entries`)).json() as { totalFilteredRecords: number };
      assert.equal(journal.totalFilteredRecords, 2, 'the opening deposit\'s two entries only');
    });

    it('refuses bad bodies with 400 and unknown accounts with 404', async () => {
      for (const body of [{ ...OPEN, accountId: 'a b' }, { ...OPEN, currency: 'tzs' }, { ...OPEN, openingBalance: 5 }, { ...OPEN, openingBalance: '1.005' }, { ...OPEN, holderName: ' ' }]) {
        assert.equal((await admin('POST', '/accounts', { ...body, accountId: body.accountId === OPEN.accountId ? 'fresh-acc' : body.accountId })).status, 400, JSON.stringify(body));
      }
      assert.equal((await admin('GET', '/accounts/fresh-acc')).status, 404, 'nothing was opened by a refused request');
      assert.equal((await admin('POST', `/accounts/${OPEN.accountId}/restore`, { openingBalance: '-1' })).status, 400);
      assert.equal((await admin('POST', '/accounts/no-such/restore', { openingBalance: '1' })).status, 404);
    });
  });
}
