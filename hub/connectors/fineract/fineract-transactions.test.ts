// SPDX-License-Identifier: Apache-2.0
// AccountingSystem.transactions through the Fineract adapter: against the simulator over loopback HTTP (the
// statement a gateway shows after real payments, paged, ordered, filtered by direction and booking time), and
// against a stub answering exactly what Apache Fineract sends (JSON numbers, LocalDate arrays, holds in the list).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLogger } from '../../../platform/log/index.js';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openFineractSimulator, type FineractSimulator } from '../../../tpp-sandbox/simulators/fineract/index.js';
import { AmsError, type AccountingSystem, type AmsErrorReason, type AmsTransaction } from '../../ams/accounting-system.js';
import { openFineractAms } from './index.js';

const logger = createLogger({ level: 'silent' });
const PAYER = 'acc-payer-1';
const QUIET = 'acc-quiet-1';
const LION = 'acc-lion-1';
const TZS = (amount: string) => ({ amount, currency: 'TZS' });

async function rejectsWith(promise: Promise<unknown>, reason: AmsErrorReason): Promise<void> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof AmsError, `expected AmsError ${reason}, got ${String(error)}`);
  assert.equal(error.reason, reason, error.message);
}

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fineract/fineract-provider/api/v1`;
}

/** An entry as one line: what a statement shows. */
const line = (entry: AmsTransaction) => `${entry.direction} ${entry.amount} → ${entry.balanceAfter} ${entry.kind}`;

for (const target of testDatabaseTargets) {
  describe(`Fineract AMS transactions against the simulator on ${target.name}`, { skip: target.skip }, () => {
    let database: SqlDatabase;
    let simulator: FineractSimulator;
    let server: FastifyInstance;
    let ams: AccountingSystem;
    let now = Date.parse('2026-11-29T08:00:00Z');

    before(async () => {
      ({ database } = await target.open());
      simulator = await openFineractSimulator(database, { clock: () => now });
      await simulator.seed([
        { tenantId: 'buffalo', accountId: PAYER, currency: 'TZS', openingBalance: '50000.00', holderName: 'John Smith' },
        { tenantId: 'buffalo', accountId: QUIET, currency: 'TZS', openingBalance: '0', holderName: 'Amina Quiet' },
        { tenantId: 'lion', accountId: LION, currency: 'TZS', openingBalance: '350000.00', holderName: 'Juma Salim' },
      ]);
      server = Fastify();
      await server.register(simulator.routes);
      const baseUrl = await listen(server);
      ams = openFineractAms({ baseUrl: () => baseUrl, username: 'mifos', password: 'password', timeoutMs: 2_000, logger });
      // Given: a 1000.00 payment out at 09:00 (fee 100.00), 300.00 in at 10:00, and a payment out still on hold.
      const base = { accountId: PAYER, fspFee: TZS('100.00') };
      now = Date.parse('2026-11-29T09:00:00Z');
      const out = { ...base, transactionCode: 'tx-out', transferCode: 'tr-out', role: 'PAYER' as const, amount: TZS('1000.00'), note: 'Invoice 12' };
      await ams.prepareTransfer('buffalo', out);
      await ams.commitTransfer('buffalo', out);
      now = Date.parse('2026-11-29T10:00:00Z');
      await ams.commitTransfer('buffalo', { accountId: PAYER, transactionCode: 'tx-in', transferCode: 'tr-in', role: 'PAYEE', amount: TZS('300.00'), fspFee: TZS('0') });
      now = Date.parse('2026-11-29T11:00:00Z');
      await ams.prepareTransfer('buffalo', { ...base, transactionCode: 'tx-held', transferCode: 'tr-held', role: 'PAYER', amount: TZS('5000.00') });
    });

    after(async () => {
      await server.close();
      await database.close();
    });

    it('lists the booked entries newest first with running balances, the fee as its own entry, and the transfer codes', async () => {
      const page = await ams.transactions('buffalo', PAYER);
      assert.ok(page);
      assert.equal(page.total, 4);
      const ids = page.items.map((entry) => entry.transactionId);
      assert.equal(new Set(ids).size, 4);
      assert.deepEqual(page.items.map(({ transactionId: _id, ...entry }) => entry), [
        { accountId: PAYER, direction: 'CREDIT', amount: '300.00', currency: 'TZS', balanceAfter: '49200.00', bookingDateTime: '2026-11-29T10:00:00.000Z',
          valueDateTime: '2026-11-29T10:00:00.000Z', kind: 'DEPOSIT', transactionCode: 'tx-in', transferCode: 'tr-in' },
        { accountId: PAYER, direction: 'DEBIT', amount: '100.00', fee: '100.00', currency: 'TZS', balanceAfter: '48900.00', bookingDateTime: '2026-11-29T09:00:00.000Z',
          valueDateTime: '2026-11-29T09:00:00.000Z', kind: 'WITHDRAWAL_FEE', transactionCode: 'tx-out', transferCode: 'tr-out' },
        { accountId: PAYER, direction: 'DEBIT', amount: '1000.00', currency: 'TZS', balanceAfter: '49000.00', bookingDateTime: '2026-11-29T09:00:00.000Z',
          valueDateTime: '2026-11-29T09:00:00.000Z', note: 'Invoice 12', kind: 'WITHDRAWAL', transactionCode: 'tx-out', transferCode: 'tr-out' },
        { accountId: PAYER, direction: 'CREDIT', amount: '50000.00', currency: 'TZS', balanceAfter: '50000.00', bookingDateTime: '2026-11-29T08:00:00.000Z',
          valueDateTime: '2026-11-29T08:00:00.000Z', note: 'Opening balance', kind: 'DEPOSIT' },
      ]);
      // The hold changed the available balance, not the ledger: the last entry's balance is the account's balance.
      const account = await ams.account('buffalo', PAYER);
      assert.deepEqual([account?.balance, account?.availableBalance], [page.items[0]?.balanceAfter, '44100.00']);
    });

    it('pages with offset and limit, oldest first on ASC, and keeps the total of all matches', async () => {
      const page = await ams.transactions('buffalo', PAYER, { offset: 1, limit: 2 });
      assert.deepEqual(page?.items.map(line), ['DEBIT 100.00 → 48900.00 WITHDRAWAL_FEE', 'DEBIT 1000.00 → 49000.00 WITHDRAWAL']);
      assert.equal(page?.total, 4);
      const oldest = await ams.transactions('buffalo', PAYER, { order: 'ASC', limit: 3 });
      assert.deepEqual(oldest?.items.map(line), [
        'CREDIT 50000.00 → 50000.00 DEPOSIT', 'DEBIT 1000.00 → 49000.00 WITHDRAWAL', 'DEBIT 100.00 → 48900.00 WITHDRAWAL_FEE',
      ]);
      assert.deepEqual(await ams.transactions('buffalo', PAYER, { offset: 10 }), { items: [], total: 4 });
    });

    it('filters by direction and by booking time, from inclusive and to exclusive', async () => {
      const debits = await ams.transactions('buffalo', PAYER, { direction: 'DEBIT' });
      assert.deepEqual([debits?.items.map((entry) => entry.kind), debits?.total], [['WITHDRAWAL_FEE', 'WITHDRAWAL'], 2]);
      const credits = await ams.transactions('buffalo', PAYER, { direction: 'CREDIT' });
      assert.deepEqual(credits?.items.map((entry) => entry.amount), ['300.00', '50000.00']);
      const morning = await ams.transactions('buffalo', PAYER, { from: '2026-11-29T09:00:00Z', to: '2026-11-29T10:00:00Z' });
      assert.deepEqual(morning?.items.map((entry) => entry.kind), ['WITHDRAWAL_FEE', 'WITHDRAWAL']);
      const withOffset = await ams.transactions('buffalo', PAYER, { from: '2026-11-29T12:00:00+03:00', direction: 'CREDIT' });
      assert.deepEqual(withOffset?.items.map((entry) => entry.amount), ['300.00']);
      assert.deepEqual(await ams.transactions('buffalo', PAYER, { to: '2026-11-29' }), { items: [], total: 0 });
    });

    it('answers an empty statement for an account without bookings, and undefined for unknown and foreign accounts', async () => {
      assert.deepEqual(await ams.transactions('buffalo', QUIET), { items: [], total: 0 });
      assert.equal(await ams.transactions('buffalo', 'no-such-account'), undefined);
      assert.equal(await ams.transactions('buffalo', LION), undefined);
      assert.equal((await ams.transactions('lion', LION))?.total, 1);
    });

    it('refuses a malformed query with INVALID_REQUEST and a Fineract that is down with AMS_UNAVAILABLE', async () => {
      await rejectsWith(ams.transactions('buffalo', PAYER, { limit: 501 }), 'INVALID_REQUEST');
      await rejectsWith(ams.transactions('buffalo', PAYER, { limit: 0 }), 'INVALID_REQUEST');
      await rejectsWith(ams.transactions('buffalo', PAYER, { offset: -1 }), 'INVALID_REQUEST');
      await rejectsWith(ams.transactions('buffalo', PAYER, { from: 'yesterday' }), 'INVALID_REQUEST');
      simulator.setDown('buffalo', 'unavailable');
      try {
        await rejectsWith(ams.transactions('buffalo', PAYER), 'AMS_UNAVAILABLE');
      } finally {
        simulator.setDown('buffalo', 'up');
      }
    });
  });
}

describe("Fineract AMS transactions against Apache Fineract's own wire shape", () => {
  let server: FastifyInstance;
  let ams: AccountingSystem;
  const asked: string[] = [];
  // InteropTransactionsData as Fineract's Gson writes it: BigDecimal numbers, LocalDate arrays, the type label
  // first in each note, holds and releases in the list (they are neither debits nor credits).
  const fineract = {
    resourceId: 7,
    transactions: [
      { resourceId: 7, accountId: 'ext-7', savingTransactionId: '46', transactionType: 'AMOUNT_RELEASE', amount: 1100.0, currency: 'TZS', accountBalance: -250.5,
        bookingDateTime: [2026, 11, 30], valueDateTime: [2026, 11, 30], note: 'Release Amount' },
      { resourceId: 7, accountId: 'ext-7', savingTransactionId: '45', transactionType: 'WITHDRAWAL_FEE', amount: 100.0, chargeAmount: 100.0, currency: 'TZS',
        accountBalance: -250.5, bookingDateTime: [2026, 11, 30], valueDateTime: [2026, 11, 30], note: 'Withdrawal fee' },
      { resourceId: 7, accountId: 'ext-7', savingTransactionId: '44', transactionType: 'WITHDRAWAL', amount: 1000.1, currency: 'TZS', accountBalance: -150.5,
        bookingDateTime: [2026, 11, 30], valueDateTime: [2026, 12, 1], note: 'Withdrawal Invoice 12 ' },
      { resourceId: 7, accountId: 'ext-7', savingTransactionId: '43', transactionType: 'AMOUNT_HOLD', amount: 1100.0, currency: 'TZS', accountBalance: 849.6,
        bookingDateTime: [2026, 11, 29], valueDateTime: [2026, 11, 29], note: 'Amount on hold' },
      { resourceId: 7, accountId: 'ext-7', savingTransactionId: '42', transactionType: 'DEPOSIT', amount: 849.6, currency: 'TZS', accountBalance: 849.6,
        bookingDateTime: [2026, 11, 29], valueDateTime: [2026, 11, 29], note: 'Deposit' },
    ],
  };

  before(async () => {
    server = Fastify();
    server.get('/fineract/fineract-provider/api/v1/interoperation/accounts/:accountId/transactions', async (request) => {
      asked.push(request.url.slice(request.url.indexOf('?') + 1));
      return fineract;
    });
    const baseUrl = await listen(server);
    ams = openFineractAms({ baseUrl: () => baseUrl, username: 'mifos', password: 'password', timeoutMs: 2_000, logger });
  });

  after(async () => {
    await server.close();
  });

  it('keeps only balance-changing entries, with exact decimal amounts, bare booking dates and notes without the label', async () => {
    const page = await ams.transactions('buffalo', 'ext-7');
    assert.deepEqual(page, {
      total: 3,
      items: [
        { transactionId: '45', accountId: 'ext-7', direction: 'DEBIT', amount: '100.00', fee: '100.00', currency: 'TZS', balanceAfter: '-250.50',
          bookingDateTime: '2026-11-30', valueDateTime: '2026-11-30', kind: 'WITHDRAWAL_FEE' },
        { transactionId: '44', accountId: 'ext-7', direction: 'DEBIT', amount: '1000.10', currency: 'TZS', balanceAfter: '-150.50',
          bookingDateTime: '2026-11-30', valueDateTime: '2026-12-01', note: 'Invoice 12', kind: 'WITHDRAWAL' },
        { transactionId: '42', accountId: 'ext-7', direction: 'CREDIT', amount: '849.60', currency: 'TZS', balanceAfter: '849.60',
          bookingDateTime: '2026-11-29', valueDateTime: '2026-11-29', kind: 'DEPOSIT' },
      ],
    });
    assert.equal(asked.at(-1), 'debit=true&credit=true');
  });

  it("sends the direction as Fineract's flags and the range as zone-less UTC date-times", async () => {
    const debits = await ams.transactions('buffalo', 'ext-7', { direction: 'DEBIT', from: '2026-11-29T03:00:00+03:00', to: '2026-12-01T00:00:00.250Z', order: 'ASC' });
    assert.equal(asked.at(-1), 'debit=true&credit=false&fromBookingDateTime=2026-11-29T00%3A00%3A00.000&toBookingDateTime=2026-12-01T00%3A00%3A00.250');
    // The hold the default flags bring along is dropped; oldest first is Fineract's order reversed.
    assert.deepEqual(debits?.items.map((entry) => entry.transactionId), ['44', '45']);
    await ams.transactions('buffalo', 'ext-7', { direction: 'CREDIT' });
    assert.equal(asked.at(-1), 'debit=false&credit=true');
  });

  it('treats an amount it cannot keep exactly as a broken answer, never rounding it', async () => {
    const [first] = fineract.transactions;
    const saved = { ...first! };
    Object.assign(first!, { transactionType: 'DEPOSIT', amount: 0.125 });
    try {
      await rejectsWith(ams.transactions('buffalo', 'ext-7'), 'AMS_UNAVAILABLE');
    } finally {
      Object.assign(first!, saved);
    }
  });
});
