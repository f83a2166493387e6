// SPDX-License-Identifier: Apache-2.0
// The transfers an operator finds in the back office. First with a real embedded engine running hub/bpmn's
// on-us and payee transfers through the event log and the streamer; then with engine records written in the
// engine's exact shape at chosen times, to pin every filter, sort order, figure and amount. Runs on SQLite, and
// on PostgreSQL too when LANGO_TEST_DATABASE_URL is set (each run in a schema of its own).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openEventLog, type EventLog } from '../../../../platform/events/index.js';
import { createLogger } from '../../../../platform/log/index.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { hubBpmnResources } from '../../../bpmn/index.js';
import type { EngineRecord } from '../../../engine/records.js';
import { openWorkflowEngine } from '../../../engine/open-engine.js';
import { complete, fail, throwError, type WorkflowEngine } from '../../../engine/workflow-engine.js';
import { startOperationsStreamer, type OperationsStreamer } from '../../operations-streamer.js';
import type { OperationsTransfer, OperationsView, TransferSearch } from '../../operations-view.js';
import { EngineRecordWriter, type TransferScenario } from './engine-record-fixtures.js';
import { openSqlOperationsView } from './sql-operations-view.js';

const logger = createLogger({ level: 'silent' });

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alice = { idType: 'MSISDN', idValue: '255700000001', accountId: 'acc-alice', fspId: 'buffalo-fsp', name: 'Alice Mrema' };
const bob = { idType: 'MSISDN', idValue: '255700000002', accountId: 'acc-bob', fspId: 'buffalo-fsp', name: 'Bob Kimaro' };

for (const target of testDatabaseTargets) {
  describe(`transfers in the operations view, real engine, on ${target.name}`, { skip: target.skip ?? false }, () => {
    let database: SqlDatabase;
    let eventLog: EventLog;
    let engine: WorkflowEngine;
    let view: OperationsView;
    let streamer: OperationsStreamer;
    let depositWorks = false;

    before(async () => {
      ({ database } = await target.open());
      eventLog = await openEventLog({ kind: 'sql', database, logger });
      engine = await openWorkflowEngine({ kind: 'embedded', dataDir: tempDir('ops-transfers-engine'), durability: 'normal', eventLog, logger });
      await engine.deploy(hubBpmnResources().filter((resource) => ['on-us-transfer.bpmn', 'payee-transfer.bpmn'].includes(resource.name)));
      engine.createWorker({
        taskType: 'on-us-block-funds',
        handler: async (job) => (job.variables['amount'] === '13.00'
          ? throwError('PAYMENT_REJECTED', 'insufficient funds', { errorCode: '4001', errorDescription: 'Payer FSP insufficient liquidity' })
          : complete({ payerFee: '0.50' })),
      });
      engine.createWorker({ taskType: 'on-us-deposit', handler: async (job) => (job.variables['transactionId'] === 'tx-stuck' ? fail('AMS unreachable', { retries: 0 }) : complete()) });
      for (const taskType of ['on-us-commit-withdrawal', 'on-us-completed', 'on-us-release-funds', 'on-us-failed', 'send-transfer-fulfil', 'payee-transfer-completed']) {
        engine.createWorker({ taskType, handler: async () => complete() });
      }
      engine.createWorker({
        taskType: 'payee-deposit',
        handler: async () => (depositWorks
          ? complete({
            transactionId: 'tx-inbound', quoteId: 'q-inbound', payeeFee: '0.25',
            payer: { idType: 'MSISDN', idValue: '255780000009', fspId: 'lion-fsp' },
            payee: { idType: 'MSISDN', idValue: '255700000002', fspId: 'buffalo-fsp', accountId: 'acc-bob' },
          })
          : fail('AMS unreachable', { retries: 0 })),
      });
      view = await openSqlOperationsView(database);
      streamer = await startOperationsStreamer({ eventLog, view, logger, group: 'ops-transfers-test' });
    });

    after(async () => {
      await streamer.close();
      await engine.close();
      await eventLog.close();
      await database.close();
    });

    const onUs = async (transactionId: string, amount: string) => (await engine.createInstance({
      bpmnProcessId: 'on-us-transfer', tenantId: 'buffalo',
      variables: { tenantId: 'buffalo', transactionId, transferId: `tr-${transactionId}`, quoteId: `q-${transactionId}`, payer: alice, payee: bob, amount, currency: 'TZS' },
    })).processInstanceKey;
    const ended = (key: string) => eventually(`transfer ${key} ended`, async () => {
      const transfer = await view.transfer(key);
      return transfer?.completedAt !== undefined && transfer;
    });

    it('shows a completed on-us transfer with its parties, amount and fees', async () => {
      const key = await onUs('tx-ok', '1500.00');
      const transfer = await ended(key);
      assert.deepEqual(transfer, {
        processInstanceKey: key, bpmnProcessId: 'on-us-transfer', version: 1, tenantId: 'buffalo', direction: 'ON_US',
        transactionId: 'tx-ok', transferId: 'tr-tx-ok', quoteId: 'q-tx-ok', payer: alice, payee: bob, amount: '1500.00', currency: 'TZS',
        payerFee: '0.50', state: 'COMPLETED', incident: false, startedAt: transfer.startedAt, completedAt: transfer.completedAt,
      });
      assert.ok(transfer.completedAt! >= transfer.startedAt);
      assert.equal((await view.instance(key))?.state, 'COMPLETED');
    });

    it('shows a refused transfer as FAILED with the error code the flow set', async () => {
      const transfer = await ended(await onUs('tx-refused', '13.00'));
      assert.deepEqual([transfer.state, transfer.errorCode, transfer.errorDescription, transfer.incident], ['FAILED', '4001', 'Payer FSP insufficient liquidity', false]);
    });

    it('flags a transfer with an incident, and shows it CANCELLED once an operator cancels it', async () => {
      const key = await onUs('tx-stuck', '20.00');
      const stuck = await eventually('incident flagged', async () => {
        const transfer = await view.transfer(key);
        return transfer?.incident === true && transfer;
      });
      assert.equal(stuck.state, 'IN_PROGRESS');
      assert.deepEqual((await view.searchTransfers({ incident: true, limit: 10 })).items.map((item) => item.processInstanceKey), [key]);
      await engine.cancelInstance(key);
      const cancelled = await ended(key);
      assert.deepEqual([cancelled.state, cancelled.incident], ['CANCELLED', false]);
    });

    it('shows an inbound transfer from its prepare until the deposit names the parties, and clears its incident once resolved', async () => {
      await engine.createInstance({
        bpmnProcessId: 'payee-transfer', tenantId: 'buffalo',
        variables: {
          tenantId: 'buffalo', transferId: 'tr-inbound', requesterFsp: 'lion-fsp',
          prepare: { transferId: 'tr-inbound', payerFsp: 'lion-fsp', payeeFsp: 'buffalo-fsp', amount: { amount: '75.5', currency: 'TZS' }, ilpPacket: 'AYI', condition: 'c', expiration: '2030-01-01T00:00:00.000Z' },
        },
      });
      const [waiting] = (await eventually('inbound transfer with an incident', async () => {
        const found = await view.searchTransfers({ direction: 'INBOUND', incident: true, limit: 10 });
        return found.total === 1 && found;
      })).items;
      assert.deepEqual([waiting!.transferId, waiting!.payer, waiting!.payee, waiting!.amount, waiting!.currency, waiting!.state], ['tr-inbound', { fspId: 'lion-fsp' }, { fspId: 'buffalo-fsp' }, '75.5', 'TZS', 'IN_PROGRESS']);

      depositWorks = true;
      const [incident] = await view.incidents({ state: 'ACTIVE', processInstanceKey: waiting!.processInstanceKey, limit: 1 });
      await engine.updateJobRetries({ jobKey: incident!.jobKey!, retries: 1 });
      await engine.resolveIncident(incident!.incidentKey);
      const done = await ended(waiting!.processInstanceKey);
      assert.deepEqual([done.state, done.incident, done.transactionId, done.quoteId, done.payeeFee], ['COMPLETED', false, 'tx-inbound', 'q-inbound', '0.25']);
      assert.deepEqual(done.payer, { idType: 'MSISDN', idValue: '255780000009', fspId: 'lion-fsp' });
      assert.deepEqual(done.payee, { idType: 'MSISDN', idValue: '255700000002', fspId: 'buffalo-fsp', accountId: 'acc-bob' });
    });

    it('rebuilds the same transfers from the log', async () => {
      await streamer.caughtUp();
      const before = await view.searchTransfers({ limit: 100 });
      assert.equal(before.total, 4);
      await streamer.rebuild();
      assert.deepEqual(await view.searchTransfers({ limit: 100 }), before);
    });
  });

  describe(`transfer searches and figures on ${target.name}`, { skip: target.skip ?? false }, () => {
    const T = Date.UTC(2026, 0, 15, 8);
    let database: SqlDatabase;
    let view: OperationsView;
    let records: EngineRecord[];
    const key: Record<string, string> = {};

    /** A payer transfer: the lookup names the payee and its FSP, the local quote sets the fee, the quote answer the payee's fee. */
    const outbound = (id: string, startedAt: number, amount: string, currency: string, payee: { idValue: string; name: string; fspId: string }, end?: string, durationMs = 100): TransferScenario => ({
      bpmnProcessId: 'payer-transfer', tenantId: 'buffalo', startedAt, ...(end && { end, endedAt: startedAt + durationMs }),
      variables: { tenantId: 'buffalo', transactionId: `tx-${id}`, transferId: `tr-${id}`, quoteId: `q-${id}`, payer: alice, payee: { idType: 'MSISDN', idValue: payee.idValue }, amount, currency },
      tasks: [
        { elementId: 'local-quote', jobType: 'payer-local-quote', variables: { payee: { idType: 'MSISDN', ...payee }, payerFee: '0.05' } },
        { elementId: 'prepare', jobType: 'transfer-prepare', variables: { quoteResponse: { transferAmount: { amount, currency }, payeeFspFee: { amount: '0.02', currency } } } },
        ...(end === 'end-failed' ? [{ elementId: 'failed', jobType: 'payer-transfer-failed' }] : [{ elementId: 'commit', jobType: 'commit-withdrawal' }]),
      ],
    });

    before(async () => {
      ({ database } = await target.open());
      view = await openSqlOperationsView(database);
      const writer = new EngineRecordWriter();
      const amina = { idValue: '255711111111', name: 'Amina Juma', fspId: 'lion-fsp' };
      key.small = writer.write(outbound('small', T + 1_000, '0.10', 'TZS', amina, 'end-completed', 300));
      key.smaller = writer.write(outbound('smaller', T + 2_000, '0.20', 'TZS', { idValue: '255722222222', name: 'John AMINA-Smith', fspId: 'lion-fsp' }, 'end-completed', 100));
      key.refused = writer.write({
        bpmnProcessId: 'on-us-transfer', tenantId: 'buffalo', startedAt: T + 3_000, end: 'end-failed', endedAt: T + 3_050,
        variables: { transactionId: 'tx-refused', transferId: 'tr-refused', payer: alice, payee: bob, amount: '1234.50', currency: 'TZS' },
        tasks: [{ elementId: 'block', jobType: 'on-us-block-funds', variables: { errorCode: '4001', errorDescription: 'Payer FSP insufficient liquidity' } }],
      });
      key.inbound = writer.write({
        bpmnProcessId: 'payee-transfer', tenantId: 'lion', startedAt: T + 4_000, incident: 'open',
        variables: { tenantId: 'lion', transferId: 'tr-inbound', prepare: { transferId: 'tr-inbound', payerFsp: 'buffalo-fsp', payeeFsp: 'lion-fsp', amount: { amount: '1234.5', currency: 'TZS' } } },
        tasks: [{ elementId: 'deposit', jobType: 'payee-deposit' }],
      });
      key.cancelled = writer.write({ ...outbound('cancelled', T + 5_000, '5000', 'KES', amina), end: 'cancel', endedAt: T + 5_700 });
      // Failed without an error code (a timer path): the lookup named the payee, nothing else ran.
      const timeout = outbound('timeout', T + 6_000, '1234.51', 'TZS', { idValue: '255733333333', name: 'Zawadi 100%', fspId: 'zebra-fsp' }, 'end-failed', 20);
      key.timeout = writer.write({ ...timeout, tasks: timeout.tasks!.slice(0, 1) });
      key.local = writer.write({
        bpmnProcessId: 'on-us-transfer', tenantId: 'lion', startedAt: T + 7_000, end: 'end', endedAt: T + 8_000,
        variables: { transactionId: 'tx-local', transferId: 'tr-local', payer: { idType: 'MSISDN', idValue: '256700000001' }, payee: { idType: 'MSISDN', idValue: '256700000002' }, amount: '99', currency: 'UGX' },
        tasks: [{ elementId: 'completed', jobType: 'on-us-completed' }],
      });
      key.requestOut = writer.write({
        bpmnProcessId: 'payee-transaction-request', tenantId: 'buffalo', startedAt: T + 9_000, end: 'end-completed', endedAt: T + 9_500,
        variables: { transactionRequestId: 'trq-out', payer: { idType: 'MSISDN', idValue: '255799999999' }, payee: bob, amount: '42', currency: 'TZS' },
        tasks: [{ elementId: 'send', jobType: 'transaction-request-send', variables: { transactionId: 'tx-paid' } }],
      });
      key.requestIn = writer.write({
        bpmnProcessId: 'payer-transaction-request', tenantId: 'lion', startedAt: T + 9_100,
        variables: { transactionRequestId: 'trq-in', transactionRequest: { transactionRequestId: 'trq-in', payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: '255711111111', fspId: 'buffalo-fsp' }, name: 'Amina Juma' }, payer: { partyIdType: 'MSISDN', partyIdentifier: '256700000001' }, amount: { amount: '7.5', currency: 'TZS' } } },
        tasks: [{ elementId: 'receive', jobType: 'payer-request-received' }],
      });
      records = writer.take();
      for (let start = 0; start < records.length; start += 17) await view.applyEngineRecords(records.slice(start, start + 17));
    });

    after(async () => database.close());

    const keys = async (query: Partial<TransferSearch>) => (await view.searchTransfers({ limit: 100, ...query, sort: query.sort ?? { by: 'startedAt', direction: 'asc' } })).items.map((item) => item.processInstanceKey);
    const named = (...names: string[]) => names.map((name) => key[name]);

    it('shows each transfer with the latest value of what the flow wrote', async () => {
      const small = (await view.transfer(key.small!))!;
      assert.deepEqual(small, {
        processInstanceKey: key.small!, bpmnProcessId: 'payer-transfer', version: 1, tenantId: 'buffalo', direction: 'OUTBOUND',
        transactionId: 'tx-small', transferId: 'tr-small', quoteId: 'q-small', payer: alice,
        payee: { idType: 'MSISDN', idValue: '255711111111', name: 'Amina Juma', fspId: 'lion-fsp' },
        amount: '0.10', currency: 'TZS', payerFee: '0.05', payeeFee: '0.02', state: 'COMPLETED', incident: false,
        startedAt: T + 1_000, completedAt: T + 1_300,
      } satisfies OperationsTransfer);
      const inbound = (await view.transfer(key.inbound!))!;
      assert.deepEqual([inbound.direction, inbound.state, inbound.incident, inbound.payer, inbound.payee, inbound.amount], ['INBOUND', 'IN_PROGRESS', true, { fspId: 'buffalo-fsp' }, { fspId: 'lion-fsp' }, '1234.5']);
      assert.equal(inbound.completedAt, undefined);
      assert.equal((await view.transfer(key.cancelled!))!.state, 'CANCELLED');
      assert.equal(await view.transfer(key.requestOut!), undefined, 'a transaction request is not a transfer');
    });

    it('finds transfers by each filter, all given filters together', async () => {
      assert.deepEqual(await keys({ direction: 'ON_US' }), named('refused', 'local'));
      assert.deepEqual(await keys({ state: 'FAILED' }), named('refused', 'timeout'));
      assert.deepEqual(await keys({ incident: true }), named('inbound'));
      assert.equal((await keys({ incident: false })).length, 6);
      assert.deepEqual(await keys({ transactionId: 'tx-smaller' }), named('smaller'));
      assert.deepEqual(await keys({ transferId: 'tr-inbound' }), named('inbound'));
      assert.deepEqual(await keys({ payerId: '255700000001' }), named('small', 'smaller', 'refused', 'cancelled', 'timeout'));
      assert.deepEqual(await keys({ payeeId: '255711111111' }), named('small', 'cancelled'));
      assert.deepEqual(await keys({ payeeFspId: 'lion-fsp' }), named('small', 'smaller', 'inbound', 'cancelled'));
      assert.deepEqual(await keys({ payeeName: 'amina' }), named('small', 'smaller', 'cancelled'), 'case-insensitive substring');
      assert.deepEqual(await keys({ payeeName: '100%' }), named('timeout'), 'wildcards are plain text');
      assert.deepEqual(await keys({ payeeName: '%' }), named('timeout'));
      assert.deepEqual(await keys({ currency: 'KES' }), named('cancelled'));
      assert.deepEqual(await keys({ startedFrom: T + 2_000, startedTo: T + 4_000 }), named('smaller', 'refused'), 'from inclusive, to exclusive');
      assert.deepEqual(await keys({ completedFrom: T + 3_050, completedTo: T + 6_020 }), named('refused', 'cancelled'));
      assert.deepEqual(await keys({ state: 'COMPLETED', payeeName: 'amina', startedFrom: T + 1_500 }), named('smaller'));
      assert.deepEqual(await keys({ state: 'COMPLETED', direction: 'ON_US', payerId: '255700000001' }), []);
    });

    it('compares amounts exactly in minor units, per currency', async () => {
      assert.deepEqual(await keys({ currency: 'TZS', amountMin: '1234.50', amountMax: '1234.50' }), named('refused', 'inbound'), '1234.5 equals 1234.50');
      assert.deepEqual(await keys({ currency: 'TZS', amountMin: '1234.501' }), named('timeout'), 'a finer bound rounds inwards');
      assert.deepEqual(await keys({ currency: 'TZS', amountMax: '0.1' }), named('small'));
      assert.deepEqual(await keys({ amountMin: '99', amountMax: '99' }), named('local'), 'without a currency, each row in its own minor units');
      assert.deepEqual(await keys({ amountMin: '1234.50' }), named('refused', 'inbound', 'cancelled', 'timeout'));
      await assert.rejects(view.searchTransfers({ amountMin: '1e3', limit: 1 }), { code: 'VALIDATION_FAILED' });
    });

    it('sorts by each key in both directions, ties by instance key, not-ended transfers last', async () => {
      assert.deepEqual(await keys({ sort: { by: 'startedAt', direction: 'desc' } }), named('local', 'timeout', 'cancelled', 'inbound', 'refused', 'smaller', 'small'));
      assert.deepEqual((await view.searchTransfers({ limit: 100 })).items.map((item) => item.processInstanceKey), await keys({ sort: { by: 'startedAt', direction: 'desc' } }), 'startedAt desc by default');
      assert.deepEqual(await keys({ sort: { by: 'completedAt', direction: 'asc' } }), named('small', 'smaller', 'refused', 'cancelled', 'timeout', 'local', 'inbound'));
      assert.deepEqual(await keys({ sort: { by: 'completedAt', direction: 'desc' } }), named('local', 'timeout', 'cancelled', 'refused', 'smaller', 'small', 'inbound'));
      assert.deepEqual(await keys({ currency: 'TZS', sort: { by: 'amount', direction: 'asc' } }), named('small', 'smaller', 'refused', 'inbound', 'timeout'));
      assert.deepEqual(await keys({ currency: 'TZS', sort: { by: 'amount', direction: 'desc' } }), named('timeout', 'inbound', 'refused', 'smaller', 'small'));
      assert.deepEqual(await keys({ sort: { by: 'transactionId', direction: 'asc' } }), named('cancelled', 'local', 'refused', 'small', 'smaller', 'timeout', 'inbound'));
    });

    it('pages through the matches and counts them all', async () => {
      const page = await view.searchTransfers({ limit: 2, offset: 2, sort: { by: 'startedAt', direction: 'asc' } });
      assert.equal(page.total, 7);
      assert.deepEqual(page.items.map((item) => item.processInstanceKey), named('refused', 'inbound'));
      const last = await view.searchTransfers({ state: 'FAILED', limit: 1, offset: 1, sort: { by: 'startedAt', direction: 'asc' } });
      assert.deepEqual([last.total, last.items.map((item) => item.processInstanceKey)], [2, named('timeout')]);
      assert.deepEqual(await view.searchTransfers({ limit: 5, offset: 50 }), { items: [], total: 7 });
    });

    it('shows an operator only the tenants given, and nothing for none', async () => {
      assert.deepEqual(await keys({ tenantIds: ['lion'] }), named('inbound', 'local'));
      assert.deepEqual(await keys({ tenantIds: ['lion', 'buffalo'], state: 'IN_PROGRESS' }), named('inbound'));
      assert.deepEqual(await view.searchTransfers({ tenantIds: [], limit: 10 }), { items: [], total: 0 });
      assert.equal((await view.transferFigures({ tenantIds: [] })).total, 0);
      assert.deepEqual((await view.searchTransactionRequests({ tenantIds: [], limit: 10 })).total, 0);
    });

    it('sums amounts exactly per state and currency, with success rate, latency percentiles and failure codes', async () => {
      const figures = await view.transferFigures({});
      assert.equal(figures.total, 7);
      assert.deepEqual(figures.byState, [
        { state: 'IN_PROGRESS', count: 1, amounts: [{ currency: 'TZS', amount: '1234.50' }] },
        { state: 'COMPLETED', count: 3, amounts: [{ currency: 'TZS', amount: '0.30' }, { currency: 'UGX', amount: '99' }] },
        { state: 'FAILED', count: 2, amounts: [{ currency: 'TZS', amount: '2469.01' }] },
        { state: 'CANCELLED', count: 1, amounts: [{ currency: 'KES', amount: '5000.00' }] },
      ]);
      assert.equal(figures.successRate, 3 / 6);
      // Completed durations 100, 300, 1000 ms: nearest rank ⌈0.5·3⌉ = 2nd, ⌈0.9·3⌉ = ⌈0.99·3⌉ = 3rd.
      assert.deepEqual(figures.latencyMs, { p50: 300, p90: 1_000, p99: 1_000 });
      assert.deepEqual(figures.failuresByErrorCode, [{ errorCode: '4001', count: 1 }, { errorCode: 'unknown', count: 1 }]);

      const buffaloEarly = await view.transferFigures({ tenantIds: ['buffalo'], from: T + 2_000, to: T + 6_000 });
      assert.equal(buffaloEarly.total, 3);
      assert.deepEqual(buffaloEarly.latencyMs, { p50: 100, p90: 100, p99: 100 });
      assert.equal(buffaloEarly.successRate, 1 / 3);
      const none = await view.transferFigures({ from: T + 20_000 });
      assert.deepEqual(none, { total: 0, byState: [], successRate: null, latencyMs: null, failuresByErrorCode: [] });
    });

    it('lists transaction requests of both sides, newest first', async () => {
      const all = await view.searchTransactionRequests({ limit: 10 });
      assert.equal(all.total, 2);
      const [incoming, outgoing] = all.items;
      assert.deepEqual(outgoing, {
        processInstanceKey: key.requestOut, bpmnProcessId: 'payee-transaction-request', tenantId: 'buffalo', direction: 'OUTBOUND',
        transactionRequestId: 'trq-out', transactionId: 'tx-paid', payer: { idType: 'MSISDN', idValue: '255799999999' }, payee: bob,
        amount: '42', currency: 'TZS', state: 'COMPLETED', incident: false, startedAt: T + 9_000, completedAt: T + 9_500,
      });
      assert.deepEqual(incoming, {
        processInstanceKey: key.requestIn, bpmnProcessId: 'payer-transaction-request', tenantId: 'lion', direction: 'INBOUND',
        transactionRequestId: 'trq-in', payer: { idType: 'MSISDN', idValue: '256700000001' },
        payee: { idType: 'MSISDN', idValue: '255711111111', fspId: 'buffalo-fsp', name: 'Amina Juma' },
        amount: '7.5', currency: 'TZS', state: 'IN_PROGRESS', incident: false, startedAt: T + 9_100,
      });
      assert.deepEqual((await view.searchTransactionRequests({ transactionRequestId: 'trq-out', tenantIds: ['buffalo'], limit: 10 })).items.map((item) => item.processInstanceKey), [key.requestOut]);
      assert.deepEqual((await view.searchTransactionRequests({ tenantIds: ['lion'], limit: 1, offset: 1 })), { items: [], total: 1 });
    });

    it('changes nothing when a batch comes again, and rebuilds the same rows from scratch', async () => {
      const everything = async () => ({
        transfers: await view.searchTransfers({ limit: 100 }),
        requests: await view.searchTransactionRequests({ limit: 100 }),
        figures: await view.transferFigures({}),
      });
      const before = await everything();
      await view.applyEngineRecords(records);
      await view.applyEngineRecords(records.slice(5, 60));
      assert.deepEqual(await everything(), before);

      await view.reset();
      assert.deepEqual(await view.searchTransfers({ limit: 100 }), { items: [], total: 0 });
      assert.equal((await view.searchTransactionRequests({ limit: 100 })).total, 0);
      const half = Math.floor(records.length / 2);
      await view.applyEngineRecords(records.slice(0, half));
      await view.applyEngineRecords(records.slice(0, half + 3));
      await view.applyEngineRecords(records);
      assert.deepEqual(await everything(), before);
    });
  });
}
