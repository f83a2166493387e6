// SPDX-License-Identifier: Apache-2.0
// The operations view as an operator relies on it: a real embedded engine exports its records to a real SQL
// event log, the streamer applies them, and the view answers what happened to each instance. Runs on SQLite,
// and on PostgreSQL too when LANGO_TEST_DATABASE_URL is set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openEventLog, type EventLog, type EventRecord } from '../../platform/events/index.js';
import { createLogger } from '../../platform/log/index.js';
import { createMetrics } from '../../platform/metrics/index.js';
import type { SqlDatabase } from '../../platform/store/index.js';
import { testDatabaseTargets } from '../../test/support/databases.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { loadFixture } from '../engine/fixtures/index.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from '../engine/records.js';
import { openWorkflowEngine } from '../engine/open-engine.js';
import { complete, fail, throwError, type WorkflowEngine } from '../engine/workflow-engine.js';
import { openSqlOperationsView } from './adapters/sql/sql-operations-view.js';
import { AUDIT_TOPIC, startOperationsStreamer, type OperationsStreamer } from './operations-streamer.js';
import type { AuditEventValue, OperationsView } from './operations-view.js';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Every record of a topic, read under a throw-away group. */
async function readTopic(eventLog: EventLog, topic: string): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  const end = await eventLog.endOffset(topic);
  const group = `test-reader-${Date.now()}-${Math.random()}`;
  const subscription = await eventLog.subscribe({ topic, group, handler: async (batch) => void records.push(...batch) });
  await eventually(`${topic} read to ${end}`, async () => (await eventLog.committedOffset(topic, group)) >= end);
  await subscription.stop();
  return records.filter((record) => record.offset < end);
}

/** Everything an operator can see, for before/after comparisons. */
async function snapshot(view: OperationsView) {
  const instances = await view.searchInstances({ limit: 1_000, order: { by: 'startedAt', direction: 'asc' } });
  const details = [];
  for (const instance of instances) {
    const key = instance.processInstanceKey;
    details.push({ instance, tasks: await view.tasks(key), variables: await view.variables(key), incidents: await view.incidents({ processInstanceKey: key, limit: 100 }) });
  }
  return { details, audit: await view.auditEvents({ limit: 1_000 }) };
}

const audit = (overrides: Partial<AuditEventValue>): AuditEventValue => ({
  at: Date.now(), requestId: `req-${Math.random()}`, clientId: 'tpp-alpha', method: 'GET', endpoint: '/v1/accounts', status: 200, durationMs: 12, ...overrides,
});

for (const target of testDatabaseTargets) {
  describe(`operations streamer on ${target.name}`, { skip: target.skip ?? false }, () => {
    let database: SqlDatabase;
    let eventLog: EventLog;
    let engine: WorkflowEngine;
    let view: OperationsView;
    let streamer: OperationsStreamer;
    let failNextWork = true;
    const completed: string[] = [];

    before(async () => {
      ({ database } = await target.open());
      eventLog = await openEventLog({ kind: 'sql', database, logger });
      engine = await openWorkflowEngine({ kind: 'embedded', dataDir: tempDir('ops-engine'), durability: 'normal', eventLog, logger });
      await engine.deploy([loadFixture('three-tasks'), loadFixture('service-task'), loadFixture('error-boundary')]);
      engine.createWorker({ taskType: 'step-1', handler: async (job) => complete({ transferId: `tr-${String(job.variables.transactionId)}` }) });
      engine.createWorker({ taskType: 'step-2', handler: async () => { await sleep(5); return complete({ fees: '1.00' }); } });
      engine.createWorker({ taskType: 'step-3', handler: async () => complete({ fees: '2.00', settled: true }) });
      engine.createWorker({ taskType: 'work', handler: async () => (failNextWork ? fail('AMS unreachable', { retries: 0 }) : complete({ done: true })) });
      engine.createWorker({ taskType: 'reserve-funds', handler: async () => throwError('INSUFFICIENT_FUNDS') });
      engine.createWorker({ taskType: 'notify-payer', handler: async () => complete() });
      view = await openSqlOperationsView(database);
      streamer = await startOperationsStreamer({ eventLog, view, logger, group: 'ops-test' });
    });

    after(async () => {
      await streamer.close();
      await engine.close();
      await eventLog.close();
      await database.close();
    });

    it('shows each completed instance with its task list in order, timings, final variables and business keys', async () => {
      for (let index = 1; index <= 3; index += 1) {
        const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'three-tasks', variables: { transactionId: `tx-${index}`, amount: '100.00' }, tenantId: 'buffalo' });
        completed.push(processInstanceKey);
      }
      for (const key of completed) await eventually(`instance ${key} completed`, async () => (await view.instance(key))?.state === 'COMPLETED');

      const instance = (await view.instance(completed[0]!))!;
      assert.equal(instance.bpmnProcessId, 'three-tasks');
      assert.equal(instance.tenantId, 'buffalo');
      assert.equal(instance.version, 1);
      assert.equal(instance.transactionId, 'tx-1');
      assert.equal(instance.transferId, 'tr-tx-1');
      assert.ok(instance.endedAt! >= instance.startedAt);

      const tasks = await view.tasks(completed[0]!);
      assert.deepEqual(tasks.map((task) => task.elementId), ['start', 'step-1', 'step-2', 'step-3', 'end']);
      assert.ok(tasks.every((task) => task.state === 'COMPLETED' && task.durationMs === task.endedAt! - task.startedAt && task.durationMs >= 0));
      assert.deepEqual(tasks.filter((task) => task.bpmnElementType === 'SERVICE_TASK').map((task) => task.jobType), ['step-1', 'step-2', 'step-3']);
      assert.ok(tasks[2]!.durationMs! >= 5, 'step-2 took at least its 5 ms');
      for (let index = 1; index < tasks.length; index += 1) assert.ok(tasks[index]!.startedAt >= tasks[index - 1]!.startedAt);

      const variables = Object.fromEntries((await view.variables(completed[0]!)).map((variable) => [variable.name, variable.value]));
      assert.deepEqual(variables, { amount: '100.00', fees: '2.00', settled: true, transactionId: 'tx-1', transferId: 'tr-tx-1' }, 'the last write of fees wins');

      const found = await view.searchInstances({ bpmnProcessId: 'three-tasks', state: 'COMPLETED', tenantId: 'buffalo', limit: 10, order: { by: 'startedAt', direction: 'asc' } });
      assert.deepEqual(found.map((item) => item.processInstanceKey), completed);
      const byVariable = await view.searchInstances({ variable: { name: 'transferId', value: 'tr-tx-2' }, limit: 10 });
      assert.deepEqual(byVariable.map((item) => item.processInstanceKey), [completed[1]]);
      const newestEnded = await view.searchInstances({ bpmnProcessId: 'three-tasks', limit: 1, offset: 0, order: { by: 'endedAt', direction: 'desc' } });
      assert.equal(newestEnded[0]?.processInstanceKey, completed[2]);
      assert.deepEqual(await view.searchInstances({ tenantId: 'lion', limit: 10 }), []);
    });

    it('shows a business error caught by a boundary event as a completed path through the boundary', async () => {
      const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'error-boundary', tenantId: 'buffalo' });
      await eventually('error path completed', async () => (await view.instance(processInstanceKey))?.state === 'COMPLETED');
      const tasks = await view.tasks(processInstanceKey);
      assert.deepEqual(tasks.map((task) => [task.elementId, task.state]), [
        ['start', 'COMPLETED'], ['reserve-funds', 'TERMINATED'], ['insufficient-funds', 'COMPLETED'], ['notify-payer', 'COMPLETED'], ['rejected', 'COMPLETED'],
      ]);
    });

    it('raises an incident when a job fails with no retries left, and shows it resolved once the operator resolves it', async () => {
      const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'service-task', variables: { paymentId: 'pay-1' }, tenantId: 'lion' });
      const [incident] = await eventually('incident', async () => {
        const found = await view.incidents({ state: 'ACTIVE', processInstanceKey, limit: 10 });
        return found.length > 0 && found;
      });
      assert.equal(incident!.errorType, 'JOB_NO_RETRIES');
      assert.equal(incident!.errorMessage, 'AMS unreachable');
      assert.equal(incident!.elementId, 'work');
      assert.equal((await view.instance(processInstanceKey))?.state, 'INCIDENT');
      assert.equal((await view.instance(processInstanceKey))?.paymentId, 'pay-1');
      assert.deepEqual((await view.searchInstances({ state: 'INCIDENT', limit: 10 })).map((item) => item.processInstanceKey), [processInstanceKey]);
      const work = (await view.tasks(processInstanceKey)).find((task) => task.elementId === 'work')!;
      assert.deepEqual([work.state, work.jobType, work.retries, work.errorMessage], ['ACTIVE', 'work', 0, 'AMS unreachable']);
      assert.ok((await view.incidents({ state: 'ACTIVE', limit: 10 })).some((item) => item.incidentKey === incident!.incidentKey));

      failNextWork = false;
      await engine.updateJobRetries({ jobKey: incident!.jobKey!, retries: 1 });
      await engine.resolveIncident(incident!.incidentKey);
      await eventually('instance completed after resolution', async () => (await view.instance(processInstanceKey))?.state === 'COMPLETED');
      const [resolved] = await view.incidents({ processInstanceKey, limit: 10 });
      assert.equal(resolved?.state, 'RESOLVED');
      assert.ok(resolved!.resolvedAt! >= resolved!.createdAt);
      assert.deepEqual(await view.incidents({ state: 'ACTIVE', processInstanceKey, limit: 10 }), []);
    });

    it('lists the gateway audit events appended to gateway.audit, filtered by client and time', async () => {
      const at = Date.now();
      await eventLog.append(AUDIT_TOPIC, [
        { value: audit({ at, clientId: 'tpp-alpha', endpoint: '/v1/consents', method: 'POST', status: 201, consentId: 'c-1' }) },
        { value: audit({ at: at + 1, clientId: 'tpp-beta', status: 401, errorCode: 'CERTIFICATE_INVALID' }) },
        { value: audit({ at: at + 2, clientId: 'tpp-alpha', endpoint: '/v1/payments/:paymentProduct', method: 'POST', status: 201, paymentId: 'pay-1' }) },
      ]);
      await streamer.caughtUp();
      const alpha = await view.auditEvents({ clientId: 'tpp-alpha', limit: 10 });
      assert.deepEqual(alpha.map((event) => [event.endpoint, event.status]), [['/v1/payments/:paymentProduct', 201], ['/v1/consents', 201]], 'newest first');
      assert.equal(alpha[1]?.consentId, 'c-1');
      const [beta] = await view.auditEvents({ from: at + 1, to: at + 2, limit: 10 });
      assert.deepEqual([beta?.clientId, beta?.status, beta?.errorCode], ['tpp-beta', 401, 'CERTIFICATE_INVALID']);
    });

    it('reports no lag once caught up, and changes nothing when the same batch comes again', async () => {
      await streamer.caughtUp();
      assert.deepEqual(await streamer.lag(), { engineRecords: 0, audit: 0 });
      const before = await snapshot(view);

      // A second group reading the same log into the same view: its lag is a metric, and it changes nothing.
      const metrics = createMetrics();
      const second = await startOperationsStreamer({ eventLog, view, logger, group: 'ops-test-second', metrics });
      await second.caughtUp();
      assert.match(await metrics.registry.metrics(), /lango_operations_streamer_lag_records\{topic="zeebe",service="lango"\} 0\n/);
      assert.match(await metrics.registry.metrics(), /lango_operations_streamer_lag_records\{topic="gateway\.audit",service="lango"\} 0\n/);
      await second.close();
      assert.deepEqual(await snapshot(view), before);

      const engineRecords = (await readTopic(eventLog, ENGINE_RECORDS_TOPIC)).map((record) => record.value as EngineRecord);
      const auditEvents = (await readTopic(eventLog, AUDIT_TOPIC)).map((record) => ({ ...(record.value as AuditEventValue), offset: record.offset }));
      assert.ok(engineRecords.length > 50);
      await view.applyEngineRecords(engineRecords);
      await view.applyEngineRecords(engineRecords.slice(10, 40));
      await view.applyAuditEvents(auditEvents);
      assert.deepEqual(await snapshot(view), before);

      // From empty: overlapping batches, each record applied once.
      await view.reset();
      const half = Math.floor(engineRecords.length / 2);
      await view.applyEngineRecords(engineRecords.slice(0, half));
      await view.applyEngineRecords(engineRecords.slice(0, half));
      await view.applyEngineRecords(engineRecords);
      await view.applyAuditEvents(auditEvents.slice(0, 1));
      await view.applyAuditEvents(auditEvents);
      assert.deepEqual(await snapshot(view), before);
    });

    it('rebuilds the same view from the log from scratch under a new group', async () => {
      await streamer.caughtUp();
      const before = await snapshot(view);
      assert.ok(before.details.length >= 5);
      const oldGroup = streamer.group;
      await streamer.rebuild();
      assert.notEqual(streamer.group, oldGroup);
      assert.match(streamer.group, /^ops-test-rebuild-\d+$/);
      assert.deepEqual(await snapshot(view), before);
      assert.deepEqual(await streamer.lag(), { engineRecords: 0, audit: 0 });

      // Still live after the rebuild.
      const { processInstanceKey } = await engine.createInstance({ bpmnProcessId: 'three-tasks', variables: { transactionId: 'tx-after' } });
      await eventually('instance after rebuild', async () => (await view.instance(processInstanceKey))?.state === 'COMPLETED');
    });
  });
}
