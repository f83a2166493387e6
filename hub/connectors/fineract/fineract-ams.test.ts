// SPDX-License-Identifier: Apache-2.0
// The Fineract AMS adapter against the Fineract simulator over real loopback HTTP, on SQLite and on PostgreSQL:
// what the payment flows rely on — exact balances with fees, retries that book nothing twice, and failures that
// arrive as the right AmsError reason within the adapter's deadline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLogger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openFineractSimulator, type FineractSimulator } from '../../../tpp-sandbox/simulators/fineract/index.js';
import { AmsError, type AccountingSystem, type AmsErrorReason, type AmsTransferLeg } from '../../ams/accounting-system.js';
import { openFineractAms } from './index.js';

const logger = createLogger({ level: 'silent' });
const PAYER = '62756666616c6f31303031';
const PAYEE = '6c696f6e323030313030';
const POOR = 'poor-account';
const TZS = (amount: string) => ({ amount, currency: 'TZS' });

async function rejectsWith(promise: Promise<unknown>, reason: AmsErrorReason): Promise<AmsError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof AmsError, `expected AmsError ${reason}, got ${String(error)}`);
  assert.equal(error.reason, reason, error.message);
  return error;
}

let serial = 0;
function leg(overrides: Partial<AmsTransferLeg> = {}): AmsTransferLeg {
  serial += 1;
  return { transactionCode: `tx-${serial}`, transferCode: `tr-${serial}`, accountId: PAYER, role: 'PAYER', amount: TZS('10000.00'), fspFee: TZS('100.00'), ...overrides };
}

for (const target of testDatabaseTargets) {
  describe(`Fineract AMS adapter against the simulator on ${target.name}`, { skip: target.skip }, () => {
    let database: SqlDatabase;
    let simulator: FineractSimulator;
    let server: FastifyInstance;
    let baseUrl: string;
    let ams: AccountingSystem;

    before(async () => {
      ({ database } = await target.open());
      simulator = await openFineractSimulator(database);
      await simulator.seed([
        { tenantId: 'buffalo', accountId: PAYER, currency: 'TZS', openingBalance: '1500000.00', holderName: 'John Smith', msisdn: '27710101999' },
        { tenantId: 'buffalo', accountId: POOR, currency: 'TZS', openingBalance: '1000.00', holderName: 'Neema Poor' },
        { tenantId: 'lion', accountId: PAYEE, currency: 'TZS', openingBalance: '350000.00', holderName: 'Juma Salim', msisdn: '27710102999' },
      ]);
      server = Fastify();
      await server.register(simulator.routes);
      await server.listen({ host: '127.0.0.1', port: 0 });
      const address = server.server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fineract/fineract-provider/api/v1`;
      ams = openFineractAms({ baseUrl: () => baseUrl, username: 'mifos', password: 'password', timeoutMs: 2_000, logger });
    });

    after(async () => {
      await server.close();
      await database.close();
    });

    it('answers health and the seeded account with its balances and holder', async () => {
      await ams.health('buffalo');
      assert.deepEqual(await ams.account('buffalo', PAYER), {
        accountId: PAYER, currency: 'TZS', status: 'ACTIVE', balance: '1500000.00', availableBalance: '1500000.00', holderName: 'John Smith',
      });
      assert.equal(await ams.account('buffalo', 'no-such-account'), undefined);
      // Accounts are per tenant: Lion's account is unknown at Buffalo.
      assert.equal(await ams.account('buffalo', PAYEE), undefined);
    });

    it('quotes the payer fee as 0.5 % with a 100.00 minimum, the payee nothing, and repeats the first quote', async () => {
      const small = await ams.quote('buffalo', { transactionCode: 'q-tx-1', quoteCode: 'q-1', accountId: PAYER, role: 'PAYER', amount: TZS('10000'), amountType: 'SEND' });
      assert.deepEqual(small, { fspFee: TZS('100.00'), fspCommission: TZS('0.00') });
      const large = await ams.quote('buffalo', { transactionCode: 'q-tx-2', quoteCode: 'q-2', accountId: PAYER, role: 'PAYER', amount: TZS('123456.78'), amountType: 'SEND' });
      // 0.5 % of 123 456.78 = 617.2839 → 617.28 (half up on the third decimal).
      assert.deepEqual(large.fspFee, TZS('617.28'));
      const payee = await ams.quote('lion', { transactionCode: 'q-tx-1', quoteCode: 'q-1', accountId: PAYEE, role: 'PAYEE', amount: TZS('10000'), amountType: 'RECEIVE' });
      assert.deepEqual(payee.fspFee, TZS('0.00'));
      assert.deepEqual(await ams.quote('buffalo', { transactionCode: 'q-tx-1', quoteCode: 'q-1', accountId: PAYER, role: 'PAYER', amount: TZS('10000.00'), amountType: 'SEND' }), small);
      await rejectsWith(ams.quote('buffalo', { transactionCode: 'q-tx-1', quoteCode: 'q-1', accountId: PAYER, role: 'PAYER', amount: TZS('20000'), amountType: 'SEND' }), 'INVALID_REQUEST');
      await rejectsWith(ams.quote('buffalo', { transactionCode: 'q-tx-3', quoteCode: 'q-3', accountId: POOR, role: 'PAYER', amount: TZS('950'), amountType: 'SEND' }), 'INSUFFICIENT_FUNDS');
    });

    it('holds amount plus fee on PREPARE, withdraws exactly that on CREATE, and repeats book nothing twice', async () => {
      const payer = leg();
      const prepared = await ams.prepareTransfer('buffalo', payer);
      assert.equal(prepared.state, 'PREPARED');
      assert.deepEqual(prepared.fspFee, TZS('100.00'));
      assert.deepEqual(await balances('buffalo', PAYER), ['1500000.00', '1489900.00']);
      assert.deepEqual((await ams.prepareTransfer('buffalo', payer)).state, 'PREPARED');
      assert.deepEqual(await balances('buffalo', PAYER), ['1500000.00', '1489900.00']);

      const committed = await ams.commitTransfer('buffalo', payer);
      assert.equal(committed.state, 'COMMITTED');
      assert.ok(committed.reference, 'the booking id is the reference');
      assert.deepEqual(await balances('buffalo', PAYER), ['1489900.00', '1489900.00']);
      assert.deepEqual(await ams.commitTransfer('buffalo', payer), committed);
      assert.equal((await ams.prepareTransfer('buffalo', payer)).state, 'COMMITTED');
      assert.deepEqual(await balances('buffalo', PAYER), ['1489900.00', '1489900.00']);
      assert.deepEqual(await ams.transfer('buffalo', payer.transactionCode, payer.transferCode, 'PAYER'), committed);

      const payee = { ...payer, accountId: PAYEE, role: 'PAYEE' as const, fspFee: undefined };
      const deposited = await ams.commitTransfer('lion', payee);
      assert.equal(deposited.state, 'COMMITTED');
      assert.deepEqual(deposited.fspFee, TZS('0.00'));
      await ams.commitTransfer('lion', payee);
      assert.deepEqual(await balances('lion', PAYEE), ['360000.00', '360000.00']);

      await rejectsWith(ams.releaseTransfer('buffalo', payer), 'ALREADY_COMMITTED');
      await rejectsWith(ams.commitTransfer('buffalo', { ...payer, amount: TZS('10001.00') }), 'INVALID_REQUEST');
      assert.deepEqual(await balances('buffalo', PAYER), ['1489900.00', '1489900.00']);
      await reset('buffalo', PAYER, '1489900.00');
    });

    it('commits a CREATE without PREPARE when funds suffice, and charges the rule fee when the leg names none', async () => {
      const direct = leg({ amount: TZS('200000'), fspFee: undefined });
      const committed = await ams.commitTransfer('buffalo', direct);
      assert.deepEqual(committed.fspFee, TZS('1000.00'));
      assert.deepEqual(await balances('buffalo', PAYER), ['1288900.00', '1288900.00']);
      await rejectsWith(ams.commitTransfer('buffalo', leg({ accountId: POOR, amount: TZS('950'), fspFee: undefined })), 'INSUFFICIENT_FUNDS');
      assert.deepEqual(await balances('buffalo', POOR), ['1000.00', '1000.00']);
      await reset('buffalo', PAYER, '1288900.00');
    });

    it('releases a hold once, treats a second release or an unknown leg as a no-op, and refuses to commit a released leg', async () => {
      const payer = leg({ amount: TZS('100000'), fspFee: TZS('500') });
      await ams.prepareTransfer('buffalo', payer);
      assert.deepEqual(await balances('buffalo', PAYER), ['1288900.00', '1188400.00']);
      const released = await ams.releaseTransfer('buffalo', payer);
      assert.equal(released?.state, 'RELEASED');
      assert.deepEqual(await balances('buffalo', PAYER), ['1288900.00', '1288900.00']);
      assert.equal((await ams.releaseTransfer('buffalo', payer))?.state, 'RELEASED');
      assert.deepEqual(await balances('buffalo', PAYER), ['1288900.00', '1288900.00']);
      assert.equal(await ams.releaseTransfer('buffalo', leg()), undefined);
      await rejectsWith(ams.commitTransfer('buffalo', payer), 'INVALID_REQUEST');
      assert.equal(await ams.transfer('buffalo', 'no-tx', 'no-tr', 'PAYER'), undefined);
    });

    it('refuses a PREPARE beyond the available balance and holds nothing', async () => {
      // 900.00 + the 100.00 minimum fee fits 1000.00 exactly; 900.01 does not.
      await rejectsWith(ams.prepareTransfer('buffalo', leg({ accountId: POOR, amount: TZS('900.01'), fspFee: TZS('100') })), 'INSUFFICIENT_FUNDS');
      assert.deepEqual(await balances('buffalo', POOR), ['1000.00', '1000.00']);
      const exact = leg({ accountId: POOR, amount: TZS('900'), fspFee: TZS('100') });
      await ams.prepareTransfer('buffalo', exact);
      assert.deepEqual(await balances('buffalo', POOR), ['1000.00', '0.00']);
      await ams.releaseTransfer('buffalo', exact);
    });

    it('answers unknown accounts and wrong currencies with their reasons', async () => {
      await rejectsWith(ams.prepareTransfer('buffalo', leg({ accountId: 'no-such-account' })), 'ACCOUNT_NOT_FOUND');
      await rejectsWith(ams.commitTransfer('lion', leg({ accountId: 'no-such-account', role: 'PAYEE' })), 'ACCOUNT_NOT_FOUND');
      await rejectsWith(ams.prepareTransfer('buffalo', leg({ amount: { amount: '10', currency: 'KES' }, fspFee: undefined })), 'CURRENCY_MISMATCH');
      await rejectsWith(ams.prepareTransfer('buffalo', leg({ amount: TZS('10.001') })), 'INVALID_REQUEST');
    });

    it('reports a blocked account as inactive and refuses to move its money', async () => {
      await simulator.seed([{ tenantId: 'buffalo', accountId: 'blocked-account', currency: 'TZS', openingBalance: '5000.00', holderName: 'Blocked' }]);
      assert.equal(await simulator.setAccountStatus('buffalo', 'blocked-account', 'INACTIVE'), true);
      assert.equal((await ams.account('buffalo', 'blocked-account'))?.status, 'INACTIVE');
      await rejectsWith(ams.prepareTransfer('buffalo', leg({ accountId: 'blocked-account' })), 'ACCOUNT_INACTIVE');
      await rejectsWith(ams.commitTransfer('buffalo', leg({ accountId: 'blocked-account', role: 'PAYEE' })), 'ACCOUNT_INACTIVE');
      await rejectsWith(ams.quote('buffalo', { transactionCode: 'b-tx', quoteCode: 'b-q', accountId: 'blocked-account', role: 'PAYER', amount: TZS('1'), amountType: 'SEND' }), 'ACCOUNT_INACTIVE');
      await simulator.setAccountStatus('buffalo', 'blocked-account', 'CLOSED');
      assert.equal((await ams.account('buffalo', 'blocked-account'))?.status, 'CLOSED');
      assert.equal(await simulator.setAccountStatus('buffalo', 'no-such-account', 'ACTIVE'), false);
    });

    it('registers and finds parties; the same pair again is fine, another account is refused', async () => {
      assert.deepEqual(await ams.findParty('buffalo', 'MSISDN', '27710101999'), { accountId: PAYER });
      assert.equal(await ams.findParty('buffalo', 'MSISDN', '27700000000'), undefined);
      assert.equal(await ams.findParty('lion', 'MSISDN', '27710101999'), undefined);
      await ams.registerParty('buffalo', 'EMAIL', 'john@example.com', PAYER);
      await ams.registerParty('buffalo', 'EMAIL', 'john@example.com', PAYER);
      assert.deepEqual(await ams.findParty('buffalo', 'EMAIL', 'john@example.com'), { accountId: PAYER });
      await rejectsWith(ams.registerParty('buffalo', 'EMAIL', 'john@example.com', POOR), 'DUPLICATE_IDENTIFIER');
      await rejectsWith(ams.registerParty('buffalo', 'ALIAS', 'nobody', 'no-such-account'), 'ACCOUNT_NOT_FOUND');
    });

    it('posts balanced journal entries: per booking debits equal credits, and the savings control GL equals the ledger', async () => {
      const response = await fetch(`${baseUrl.replace('/fineract-provider/api/v1', '')}/admin/tenants/buffalo/accounts/${PAYER}/journal-entries`);
      const { pageItems } = await response.json() as { pageItems: { transactionId: string; entryType: string; amount: string; glAccountCode: string }[] };
      assert.ok(pageItems.length >= 8);
      const sums = new Map<string, bigint>();
      let savingsControl = 0n;
      for (const entry of pageItems) {
        const cents = BigInt(entry.amount.replace('.', ''));
        const signed = entry.entryType === 'DEBIT' ? cents : -cents;
        sums.set(entry.transactionId, (sums.get(entry.transactionId) ?? 0n) + signed);
        if (entry.glAccountCode === '20100') savingsControl -= signed;
      }
      assert.ok([...sums.values()].every((sum) => sum === 0n), 'every booking balances');
      const [ledger] = await balances('buffalo', PAYER);
      assert.equal(savingsControl, BigInt(ledger!.replace('.', '')));
    });

    it('fails with AMS_UNAVAILABLE on wrong credentials, an unknown tenant, a 503 and a hang, within the deadline', async () => {
      const wrong = openFineractAms({ baseUrl: () => baseUrl, username: 'mifos', password: 'wrong', timeoutMs: 2_000, logger });
      const unauthorised = await rejectsWith(wrong.account('buffalo', PAYER), 'AMS_UNAVAILABLE');
      assert.equal(unauthorised.details?.fineractStatus, 401);
      const unknownTenant = await rejectsWith(ams.health('no-such-bank'), 'AMS_UNAVAILABLE');
      assert.equal(unknownTenant.details?.fineractStatus, 400);

      simulator.setDown('buffalo', 'unavailable');
      await rejectsWith(ams.health('buffalo'), 'AMS_UNAVAILABLE');
      await rejectsWith(ams.prepareTransfer('buffalo', leg()), 'AMS_UNAVAILABLE');
      await ams.health('lion');

      simulator.setDown('buffalo', 'hang');
      const quick = openFineractAms({ baseUrl: () => baseUrl, username: 'mifos', password: 'password', timeoutMs: 300, logger });
      const started = performance.now();
      const hung = await rejectsWith(quick.account('buffalo', PAYER), 'AMS_UNAVAILABLE');
      const elapsed = performance.now() - started;
      assert.equal(hung.details?.timedOut, true);
      assert.ok(elapsed >= 250 && elapsed < 1_500, `gave up after ${Math.round(elapsed)} ms`);
      simulator.setDown('buffalo', 'up');
      await ams.health('buffalo');

      const closed = openFineractAms({ baseUrl: () => 'http://127.0.0.1:9/fineract-provider/api/v1', username: 'mifos', password: 'password', timeoutMs: 1_000, logger });
      await rejectsWith(closed.health('buffalo'), 'AMS_UNAVAILABLE');
    });

    it('never overdraws under concurrent PREPAREs: of ten 100.00 + 100.00 holds on 1000.00 exactly five succeed', async () => {
      await simulator.seed([{ tenantId: 'buffalo', accountId: 'race-account', currency: 'TZS', openingBalance: '1000.00', holderName: 'Race' }]);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => ams.prepareTransfer('buffalo', leg({ accountId: 'race-account', amount: TZS('100'), fspFee: TZS('100') }))));
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 5);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') assert.equal((outcome.reason as AmsError).reason, 'INSUFFICIENT_FUNDS');
      }
      assert.deepEqual(await balances('buffalo', 'race-account'), ['1000.00', '0.00']);

      // The same leg sent five times at once is held once.
      await simulator.seed([{ tenantId: 'buffalo', accountId: 'twin-account', currency: 'TZS', openingBalance: '1000.00', holderName: 'Twin' }]);
      const twin = leg({ accountId: 'twin-account', amount: TZS('300'), fspFee: TZS('100') });
      const twins = await Promise.all(Array.from({ length: 5 }, () => ams.prepareTransfer('buffalo', twin)));
      assert.ok(twins.every((transfer) => transfer.state === 'PREPARED'));
      assert.deepEqual(await balances('buffalo', 'twin-account'), ['1000.00', '600.00']);
      const commits = await Promise.all(Array.from({ length: 5 }, () => ams.commitTransfer('buffalo', twin)));
      assert.ok(commits.every((transfer) => transfer.state === 'COMMITTED'));
      assert.deepEqual(await balances('buffalo', 'twin-account'), ['600.00', '600.00']);
    });

    async function balances(tenantId: string, accountId: string): Promise<[string, string]> {
      const account = await ams.account(tenantId, accountId);
      assert.ok(account, `account ${accountId} exists`);
      return [account.balance, account.availableBalance];
    }

    /** Documents the balance a test leaves behind for the next one. */
    async function reset(tenantId: string, accountId: string, expected: string): Promise<void> {
      assert.equal((await balances(tenantId, accountId))[0], expected);
    }
  });
}
