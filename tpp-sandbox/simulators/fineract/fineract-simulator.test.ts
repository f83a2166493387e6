// SPDX-License-Identifier: Apache-2.0
// The Fineract simulator on the wire: what a client of Fineract's interoperation API sees — tenant and auth
// filters, Fineract's error JSON, transactions with running balances, parties, quotes, requests, fault modes,
// and balances that survive a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { basisPointsOf, feeFor, DEFAULT_FEE_RULE } from './fees.js';
import { SANDBOX_PSUS } from '../../sandbox-data.js';
import { openFineractSimulator, sandboxFineractAccounts, type FineractSimulator } from './index.js';

const AUTH = `Basic ${Buffer.from('mifos:password').toString('base64')}`;
const ACCOUNT = 'acc-buffalo-1';
const OTHER = 'acc-buffalo-2';
const SEED = [
  { tenantId: 'buffalo', accountId: ACCOUNT, currency: 'TZS', openingBalance: '50000.00', holderName: 'John Smith', msisdn: '27710101999' },
  { tenantId: 'buffalo', accountId: OTHER, currency: 'TZS', openingBalance: '0', holderName: 'Amina Other' },
  { tenantId: 'rhino', accountId: 'acc-rhino-1', currency: 'TZS', openingBalance: '1000.00', holderName: 'Baraka Mwakyusa' },
] as const;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { errors?: Record<string, unknown>[] };
}

async function start(database: SqlDatabase, seedOptions?: Parameters<FineractSimulator['seed']>[1]) {
  const simulator = await openFineractSimulator(database, { clock: () => Date.parse('2026-11-29T10:00:00Z') });
  await simulator.seed(SEED, seedOptions);
  const server = Fastify();
  await server.register(simulator.routes);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const api = async (method: string, path: string, options: { body?: unknown; tenant?: string | null; auth?: string | null; raw?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (options.tenant !== null) headers['Fineract-Platform-TenantId'] = options.tenant ?? 'buffalo';
    if (options.auth !== null) headers.authorization = options.auth ?? AUTH;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/${path}`, {
      method, headers, ...((options.body !== undefined || options.raw !== undefined) && { body: options.raw ?? JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : { text } };
  };
  return { simulator, server, origin, api };
}

const transfer = (action: string, body: Record<string, unknown>) => ['POST', `transfers?action=${action}`, {
  body: { transactionRole: 'PAYER', accountId: ACCOUNT, amount: { amount: '1000', currency: 'TZS' }, ...body },
}] as const;

for (const target of testDatabaseTargets) {
  describe(`Fineract simulator on ${target.name}`, { skip: target.skip }, () => {
    let database: SqlDatabase;
    let harness: Awaited<ReturnType<typeof start>>;

    before(async () => {
      ({ database } = await target.open());
      harness = await start(database);
    });

    after(async () => {
      await harness.server.close();
      await database.close();
    });

    it('answers health with OK and the account in InteropAccountData shape, amounts as strings', async () => {
      const health = await harness.api('GET', 'health');
      assert.equal(health.status, 200);
      assert.equal(health.body.text, 'OK');
      const account = await harness.api('GET', `accounts/${ACCOUNT}`);
      assert.equal(account.status, 200);
      assert.deepEqual({ ...account.body, status: undefined }, {
        accountId: ACCOUNT, productName: 'Interoperation Savings', shortProductName: 'IOS', currency: 'TZS', accountBalance: '50000.00',
        availableBalance: '50000.00', balanceOnHold: '0.00', status: undefined, accountType: 'INDIVIDUAL', activatedOn: '2026-11-29', holderName: 'John Smith',
      });
      assert.equal((account.body.status as { active: boolean }).active, true);
    });

    it('refuses a missing or unknown tenant with 400 and missing or wrong credentials with 401, in Fineract error JSON', async () => {
      const missing = await harness.api('GET', `accounts/${ACCOUNT}`, { tenant: null });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.userMessageGlobalisationCode, 'error.msg.invalid.tenant.identifier');
      assert.match(String(missing.body.errors?.[0]?.defaultUserMessage), /No tenant identifier found/);
      const unknown = await harness.api('GET', `accounts/${ACCOUNT}`, { tenant: 'atlantis' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.httpStatusCode, '400');
      const anonymous = await harness.api('GET', `accounts/${ACCOUNT}`, { auth: null });
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="Fineract Platform API"');
      const wrong = await harness.api('GET', `accounts/${ACCOUNT}`, { auth: `Basic ${Buffer.from('mifos:nope').toString('base64')}` });
      assert.deepEqual(Object.keys(wrong.body).sort(), ['defaultUserMessage', 'developerMessage', 'errors', 'httpStatusCode', 'userMessageGlobalisationCode']);
      assert.equal(wrong.body.userMessageGlobalisationCode, 'error.msg.not.authenticated');
      // The query parameter works as Fineract's alternative to the header.
      assert.equal((await harness.api('GET', `health?tenantIdentifier=rhino`, { tenant: null })).status, 200);
    });

    it('names the parameter at fault in 400s and the rule in 403s and 404s', async () => {
      const blank = await harness.api(...transfer('PREPARE', { transactionCode: 't-val' }));
      assert.equal(blank.status, 400);
      assert.equal(blank.body.userMessageGlobalisationCode, 'validation.msg.validation.errors.exist');
      assert.deepEqual([blank.body.errors?.[0]?.parameterName, blank.body.errors?.[0]?.userMessageGlobalisationCode],
        ['transferCode', 'validation.msg.interoperation.transfer.transferCode.cannot.be.blank']);
      assert.equal((await harness.api(...transfer('COMMIT', { transactionCode: 't', transferCode: 't' }))).body.errors?.[0]?.parameterName, 'action');
      assert.equal((await harness.api('POST', 'transfers?action=PREPARE', { raw: '{"broken' })).status, 400);
      const negative = await harness.api(...transfer('PREPARE', { transactionCode: 't', transferCode: 't', amount: { amount: '-5', currency: 'TZS' } }));
      assert.equal(negative.body.errors?.[0]?.parameterName, 'amount.amount');

      const huge = await harness.api(...transfer('PREPARE', { transactionCode: 't', transferCode: 't', amount: { amount: '999999999999999999', currency: 'TZS' } }));
      assert.equal(huge.body.errors?.[0]?.userMessageGlobalisationCode, 'validation.msg.interoperation.transfer.amount.amount.exceeds.max');

      const poor = await harness.api(...transfer('PREPARE', { transactionCode: 't-poor', transferCode: 't-poor', accountId: OTHER }));
      assert.equal(poor.status, 403);
      assert.equal(poor.body.httpStatusCode, '403');
      assert.equal(poor.body.errors?.[0]?.userMessageGlobalisationCode, 'error.msg.savingsaccount.transaction.insufficient.account.balance');
      const nowhere = await harness.api('GET', 'accounts/nowhere');
      assert.equal(nowhere.status, 404);
      assert.equal(nowhere.body.userMessageGlobalisationCode, 'error.msg.resource.not.found');
      assert.equal(nowhere.body.errors?.[0]?.userMessageGlobalisationCode, 'error.msg.saving.account.id.invalid');
    });

    it('lists booked transactions with running balances, Fineract debit/credit filters, and limit/offset paging', async () => {
      for (const code of ['a', 'b']) {
        assert.equal((await harness.api(...transfer('CREATE', { transactionCode: `list-${code}`, transferCode: `list-${code}` }))).status, 200);
      }
      assert.equal((await harness.api('POST', 'transfers?action=CREATE', {
        body: { transactionCode: 'list-c', transferCode: 'list-c', transactionRole: 'PAYEE', accountId: ACCOUNT, amount: { amount: '300', currency: 'TZS' } },
      })).status, 200);
      type Listed = { transactionType: string; amount: string; accountBalance: string; transactionCode: string | null };
      const list = async (query: string) => ((await harness.api('GET', `accounts/${ACCOUNT}/transactions${query}`)).body.transactions as Listed[])
        .map((item) => `${item.transactionType} ${item.amount} → ${item.accountBalance} ${item.transactionCode ?? ''}`.trim());
      // Fineract's default is debits only.
      assert.deepEqual(await list(''), [
        'WITHDRAWAL_FEE 100.00 → 47800.00 list-b', 'WITHDRAWAL 1000.00 → 47900.00 list-b',
        'WITHDRAWAL_FEE 100.00 → 48900.00 list-a', 'WITHDRAWAL 1000.00 → 49000.00 list-a',
      ]);
      assert.deepEqual(await list('?debit=false&credit=true'), ['DEPOSIT 300.00 → 48100.00 list-c', 'DEPOSIT 50000.00 → 50000.00']);
      assert.deepEqual(await list('?debit=true&credit=true&limit=2&offset=1'), ['WITHDRAWAL_FEE 100.00 → 47800.00 list-b', 'WITHDRAWAL 1000.00 → 47900.00 list-b']);
      assert.equal((await harness.api('GET', `accounts/${ACCOUNT}/transactions?limit=0`)).status, 400);
      assert.deepEqual(await list('?debit=true&credit=true&toBookingDateTime=2026-11-29T09:00:00'), []);
    });

    it('registers, finds, lists and deletes parties, with and without a sub-id', async () => {
      assert.deepEqual((await harness.api('GET', 'parties/MSISDN/27710101999')).body, { accountId: ACCOUNT });
      assert.equal((await harness.api('POST', 'parties/PERSONAL_ID/A123/NIDA', { body: { accountId: OTHER } })).status, 200);
      assert.deepEqual((await harness.api('GET', 'parties/PERSONAL_ID/A123/NIDA')).body, { accountId: OTHER });
      assert.equal((await harness.api('GET', 'parties/PERSONAL_ID/A123')).status, 404);
      const duplicate = await harness.api('POST', 'parties/PERSONAL_ID/A123/NIDA', { body: { accountId: ACCOUNT } });
      assert.equal(duplicate.status, 403);
      assert.equal(duplicate.body.errors?.[0]?.userMessageGlobalisationCode, 'error.msg.interop.duplicate.account.identifier');
      assert.deepEqual((await harness.api('GET', `accounts/${OTHER}/identifiers`)).body, { identifiers: [{ idType: 'PERSONAL_ID', idValue: 'A123', subIdOrType: 'NIDA' }] });
      assert.deepEqual((await harness.api('DELETE', 'parties/PERSONAL_ID/A123/NIDA')).body, { accountId: OTHER });
      assert.equal((await harness.api('DELETE', 'parties/PERSONAL_ID/A123/NIDA')).status, 404);
      assert.equal((await harness.api('GET', 'parties/PHONE/1')).status, 400);
      // Parties are per tenant.
      assert.equal((await harness.api('GET', 'parties/MSISDN/27710101999', { tenant: 'rhino' })).status, 404);
    });

    it('keeps quotes and transaction requests by their codes', async () => {
      const body = { transactionCode: 'q-tx', quoteCode: 'q-code', accountId: ACCOUNT, transactionRole: 'PAYER', amountType: 'SEND', amount: { amount: '40000', currency: 'TZS' } };
      const quote = await harness.api('POST', 'quotes', { body });
      assert.deepEqual([quote.status, quote.body.fspFee, quote.body.state], [200, { amount: '200.00', currency: 'TZS' }, 'ACCEPTED']);
      assert.deepEqual((await harness.api('GET', 'transactions/q-tx/quotes/q-code')).body.fspFee, { amount: '200.00', currency: 'TZS' });
      assert.equal((await harness.api('GET', 'transactions/other/quotes/q-code')).status, 404);
      const request = { transactionCode: 'r-tx', requestCode: 'r-code', accountId: ACCOUNT, transactionRole: 'PAYER', amount: { amount: '10', currency: 'TZS' }, expiration: '2026-12-01T00:00:00.000Z' };
      assert.deepEqual((await harness.api('POST', 'requests', { body: request })).body, { transactionCode: 'r-tx', requestCode: 'r-code', state: 'ACCEPTED', expiration: '2026-12-01T00:00:00.000Z' });
      assert.equal((await harness.api('POST', 'requests', { body: { ...request, accountId: OTHER } })).status, 403);
      assert.equal((await harness.api('GET', 'transactions/r-tx/requests/r-code')).status, 200);
    });

    it('answers 503 or nothing per tenant through the admin routes, and the journal per account', async () => {
      const admin = (path: string, init?: RequestInit) => fetch(`${harness.origin}/fineract/admin/${path}`, init);
      const setMode = (mode: string) => admin('tenants/rhino/mode', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
      assert.equal((await setMode('unavailable')).status, 200);
      const down = await harness.api('GET', 'health', { tenant: 'rhino' });
      assert.equal(down.status, 503);
      assert.equal(down.body.httpStatusCode, '503');
      assert.equal((await harness.api('GET', 'health')).status, 200);

      await setMode('hang');
      const pending = harness.api('GET', 'accounts/acc-rhino-1', { tenant: 'rhino' });
      const raced = await Promise.race([pending.then(() => 'answered'), new Promise((resolve) => setTimeout(resolve, 200, 'hanging'))]);
      assert.equal(raced, 'hanging');
      await setMode('up');
      assert.equal((await pending).status, 200);
      assert.equal((await setMode('sideways')).status, 400);

      const journal = await (await admin('tenants/rhino/accounts/acc-rhino-1/journal-entries')).json() as { pageItems: Record<string, unknown>[] };
      assert.deepEqual(journal.pageItems.map((entry) => `${entry.entryType} ${entry.glAccountCode} ${entry.glAccountName} ${entry.amount}`),
        ['DEBIT 10100 Cash on Hand 1000.00', 'CREDIT 20100 Savings Control 1000.00']);
    });

    it('takes only the postings and quotes of the named accounts down when the mode names accounts', async () => {
      const setMode = (body: unknown) => fetch(`${harness.origin}/fineract/admin/tenants/rhino/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await setMode({ mode: 'unavailable', accounts: ['acc-rhino-1'] })).status, 200);
      assert.equal((await harness.api('GET', 'accounts/acc-rhino-1', { tenant: 'rhino' })).status, 200, 'the account can still be read');
      const quoteOn = (accountId: string) => harness.api('POST', 'quotes', { tenant: 'rhino', body: {
        transactionCode: `down-${accountId}`, quoteCode: `down-${accountId}`, accountId, transactionRole: 'PAYER', amount: { amount: '10', currency: 'TZS' },
      } });
      assert.equal((await quoteOn('acc-rhino-1')).status, 503, 'a quote on the account');
      assert.equal((await harness.api('GET', 'health', { tenant: 'rhino' })).status, 200, 'the tenant itself answers');
      assert.notEqual((await quoteOn('acc-rhino-2')).status, 503, 'another account of the tenant answers');
      assert.equal((await setMode({ mode: 'up', accounts: ['acc-rhino-1'] })).status, 200);
      assert.notEqual((await quoteOn('acc-rhino-1')).status, 503);
      assert.equal((await setMode({ mode: 'unavailable', accounts: 'acc-rhino-1' })).status, 400);
    });

    it('takes the fee rule from the seed options, rounding half up in minor units', async () => {
      await harness.simulator.seed([], { fees: { rhino: { payerBasisPoints: 50, payerMinimum: '0', payeeBasisPoints: 100 } } });
      const quote = async (amount: string, role = 'PAYER') => (await harness.api('POST', 'quotes', { tenant: 'rhino', body: {
        transactionCode: `fee-${amount}-${role}`, quoteCode: `fee-${amount}-${role}`, accountId: 'acc-rhino-1', transactionRole: role, amount: { amount, currency: 'TZS' },
      } })).body.fspFee;
      assert.deepEqual(await quote('1.00'), { amount: '0.01', currency: 'TZS' });
      assert.deepEqual(await quote('0.99'), { amount: '0.00', currency: 'TZS' });
      assert.deepEqual(await quote('250', 'PAYEE'), { amount: '2.50', currency: 'TZS' });
      const deposit = await harness.api('POST', 'transfers?action=CREATE', { tenant: 'rhino', body: {
        transactionCode: 'payee-fee', transferCode: 'payee-fee', transactionRole: 'PAYEE', accountId: 'acc-rhino-1', amount: { amount: '250', currency: 'TZS' },
      } });
      assert.deepEqual(deposit.body.fspFee, { amount: '2.50', currency: 'TZS' });
      assert.equal((await harness.api('GET', 'accounts/acc-rhino-1', { tenant: 'rhino' })).body.accountBalance, '1247.50');
    });
  });
}

describe('Fineract simulator durability', () => {
  it('keeps balances, holds and transfers across a restart, and a second seed books no second opening balance', async () => {
    const target = testDatabaseTargets[0]!;
    const first = await target.open();
    const one = await start(first.database);
    assert.equal((await one.api(...transfer('PREPARE', { transactionCode: 'd-1', transferCode: 'd-1' }))).status, 200);
    await one.server.close();
    await first.database.close();

    const second = await target.open(first.location);
    const two = await start(second.database);
    const account = await two.api('GET', `accounts/${ACCOUNT}`);
    assert.deepEqual([account.body.accountBalance, account.body.availableBalance], ['50000.00', '48900.00']);
    const committed = await two.api(...transfer('CREATE', { transactionCode: 'd-1', transferCode: 'd-1' }));
    assert.equal(committed.body.transferState, 'COMMITTED');
    assert.equal((await two.api('GET', `accounts/${ACCOUNT}`)).body.accountBalance, '48900.00');
    await two.server.close();
    await second.database.close();
  });
});

describe('Fineract simulator lifecycle', () => {
  it('seeds every sandbox account under its interop id, and answers a request held by hang with 503 when the listener closes', async () => {
    const { database } = await testDatabaseTargets[0]!.open();
    const simulator = await openFineractSimulator(database);
    const accounts = sandboxFineractAccounts();
    assert.equal(accounts.length, SANDBOX_PSUS.reduce((sum, psu) => sum + psu.accounts.length, 0));
    await simulator.seed(accounts);
    const server = Fastify();
    await server.register(simulator.routes);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fineract/fineract-provider/api/v1/interoperation`;
    const headers = { authorization: AUTH, 'Fineract-Platform-TenantId': 'leopard' };
    const party = await (await fetch(`${base}/parties/MSISDN/27710305999`, { headers })).json() as { accountId: string };
    const account = await (await fetch(`${base}/accounts/${party.accountId}`, { headers })).json() as { accountBalance: string; holderName: string };
    assert.deepEqual([account.accountBalance, account.holderName], ['900000.00', SANDBOX_PSUS.find((psu) => psu.tenantId === 'leopard')!.fullName]);

    simulator.setDown('leopard', 'hang');
    const pending = fetch(`${base}/health`, { headers });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    assert.equal((await pending).status, 503);
    await closing;
    await database.close();
  });
});

describe('fee arithmetic', () => {
  it('rounds basis points half up and applies the default minimum', () => {
    assert.equal(basisPointsOf(100n, 50), 1n);
    assert.equal(basisPointsOf(99n, 50), 0n);
    assert.equal(basisPointsOf(12345678n, 50), 61728n);
    assert.equal(feeFor(DEFAULT_FEE_RULE, 'PAYER', 1_000_000n, 'TZS'), 10_000n);
    assert.equal(feeFor(DEFAULT_FEE_RULE, 'PAYER', 100n, 'TZS'), 10_000n);
    assert.equal(feeFor({ ...DEFAULT_FEE_RULE, payerMaximum: '500' }, 'PAYER', 1_000_000_000n, 'TZS'), 50_000n);
    assert.equal(feeFor(DEFAULT_FEE_RULE, 'PAYEE', 1_000_000n, 'TZS'), 0n);
  });
});
