// SPDX-License-Identifier: Apache-2.0
// Service tasks and their jobs: what a worker is handed, how its answer shapes the process, and what happens
// when it fails (retries, backoff, incidents) or never answers (timeout). A technical failure (fail) is kept
// apart from a business error (throwError, in errors.ts), as in Zeebe.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { complete, fail, type JobOutcome } from '../workflow-engine.js';
import { elementRecord, incidentRecord, instanceCompleted, jobRecord, keyOf, sameKey, variableRecord } from './record-log.js';
import type { DefineScenario } from './scenario.js';
import { QUIET_MS, matcher } from './timeline.js';

export function jobSemantics(scenario: DefineScenario): void {
  scenario('none start → service tasks → end completes, each job seeing the variables the previous one completed with', async (t) => {
    await t.deploy('three-tasks');
    const step1 = t.worker('step-1', async () => complete({ debited: true, reference: 'r-1' }));
    const step2 = t.worker('step-2', async () => complete({ credited: true }));
    const step3 = t.worker('step-3');
    const instance = await t.start('three-tasks', { transferId: 't-1' });

    assert.deepEqual((await step1.nth(0)).variables, { transferId: 't-1' });
    assert.deepEqual((await step2.nth(0)).variables, { transferId: 't-1', debited: true, reference: 'r-1' });
    assert.deepEqual((await step3.nth(0)).variables, { transferId: 't-1', debited: true, reference: 'r-1', credited: true });
    await t.records.waitFor(instanceCompleted(instance));

    const debited = await t.records.waitFor(variableRecord(instance, 'debited'));
    assert.equal(debited.value.value, 'true', 'VARIABLE values are JSON text');
    assert.ok(sameKey(debited.value.scopeKey, instance.processInstanceKey), 'job variables are merged into the process scope');
  });

  scenario('the worker gets the task headers, the retries and the identity of its job', async (t) => {
    const [deployed] = await t.deploy('task-headers');
    const notify = t.worker('notify', async () => complete(), { timeout: 10_000 });
    const instance = await t.start('task-headers', { payerId: 'p-1' });
    const job = await notify.nth(0);
    const receivedAt = notify.items[0]!.at;

    assert.equal(job.type, t.type('notify'));
    assert.deepEqual({ ...job.customHeaders }, { channel: 'sms', template: 'transfer-committed' });
    assert.equal(job.retries, 5);
    assert.equal(job.processInstanceKey, instance.processInstanceKey);
    assert.equal(job.bpmnProcessId, t.id('task-headers'));
    assert.equal(job.processDefinitionKey, deployed!.processDefinitionKey);
    assert.equal(job.processDefinitionVersion, 1);
    assert.equal(job.elementId, 'notify');
    assert.match(job.key, /^\d+$/);
    assert.match(job.elementInstanceKey, /^\d+$/);
    assert.equal(typeof job.tenantId, 'string');
    assert.ok(Math.abs(job.deadline - (receivedAt + 10_000)) < 2_000, `deadline ${job.deadline} is the 10 s worker timeout after activation (${receivedAt})`);
    assert.deepEqual(job.variables, { payerId: 'p-1' });

    const created = await t.records.waitFor(jobRecord('CREATED', job.key));
    assert.equal(created.value.retries, 5);
    assert.deepEqual(created.value.customHeaders, { channel: 'sms', template: 'transfer-committed' });
    assert.equal(created.value.elementId, 'notify');
  });

  scenario('input mappings shape the job variables and output mappings what reaches the process (FEEL)', async (t) => {
    await t.deploy('io-mappings');
    const quote = t.worker('quote', async () => complete({ result: { status: 'ACCEPTED', fee: '1.50' }, unmapped: 'dropped' }));
    const confirm = t.worker('confirm');
    const instance = await t.start('io-mappings', { payer: { name: 'Ada' }, attempt: 1 });

    const quoteJob = await quote.nth(0);
    assert.equal(quoteJob.variables.payerName, 'Ada', '=payer.name');
    assert.equal(quoteJob.variables.nextAttempt, 2, '=attempt + 1');
    assert.deepEqual(quoteJob.variables.payer, { name: 'Ada' }, 'the process variables stay visible');

    const confirmJob = await confirm.nth(0);
    assert.equal(confirmJob.variables.quoteStatus, 'ACCEPTED', '=result.status');
    assert.deepEqual(confirmJob.variables.quote, { fee: '1.50' }, 'a dotted target builds a context');
    for (const name of ['result', 'unmapped', 'payerName', 'nextAttempt']) {
      assert.equal(name in confirmJob.variables, false, `"${name}" stays local to the mapped task`);
    }
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('a job failed with no retries left raises an incident; new retries and resolving it hand the job out again', async (t) => {
    await t.deploy('service-task');
    let attempts = 0;
    const work = t.worker('work', async () => {
      attempts += 1;
      return attempts === 1 ? fail('core banking unreachable', { retries: 0 }) : complete({ booked: true });
    });
    const instance = await t.start('service-task');
    const job = await work.nth(0);

    const incident = await t.records.waitFor(incidentRecord('CREATED', instance));
    assert.equal(incident.value.errorType, 'JOB_NO_RETRIES');
    assert.equal(incident.value.errorMessage, 'core banking unreachable');
    assert.equal(incident.value.elementId, 'work');
    assert.ok(sameKey(incident.value.jobKey, job.key), 'the incident names its job');
    await t.records.waitFor(jobRecord('FAILED', job.key));
    await sleep(QUIET_MS);
    assert.equal(work.items.length, 1, 'the job is not handed out while its incident is open');

    await t.engine.updateJobRetries({ jobKey: job.key, retries: 2 });
    await t.engine.resolveIncident(incident.key);
    const again = await work.nth(1);
    assert.equal(again.key, job.key, 'the same job is handed out again');
    assert.equal(again.retries, 2);
    await t.records.waitFor(matcher(`INCIDENT RESOLVED of incident ${incident.key}`, (record) =>
      record.valueType === 'INCIDENT' && record.intent === 'RESOLVED' && sameKey(record.key, incident.key)));
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('modifying an instance skips a step in incident: the next step starts with the given variables, the stuck one ends with its incident', async (t) => {
    await t.deploy('three-tasks');
    const step1 = t.worker('step-1', async () => fail('core banking unreachable', { retries: 0 }));
    const step2 = t.worker('step-2', async () => complete());
    const step3 = t.worker('step-3', async () => complete());
    const instance = await t.start('three-tasks', { transferId: 't-9' });
    await step1.nth(0);
    const incident = await t.records.waitFor(incidentRecord('CREATED', instance));

    await t.engine.modifyInstance({
      processInstanceKey: keyOf(instance), activate: [{ elementId: 'step-2', variables: { bookedManually: true } }], terminate: [String(incident.value.elementInstanceKey)],
    });
    const second = await step2.nth(0);
    assert.equal(second.variables.bookedManually, true, 'the variables are set before the activated step starts');
    assert.equal(second.variables.transferId, 't-9');
    await step3.nth(0);
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'step-1'));
    await t.records.waitFor(incidentRecord('RESOLVED', instance));
    await t.records.waitFor(instanceCompleted(instance));
    assert.equal(step1.items.length, 1, 'the skipped step never ran again');
  });

  scenario('a job failed with retries left comes back after its backoff, not before', async (t) => {
    await t.deploy('service-task');
    let failedAt = 0;
    const work = t.worker('work', async (): Promise<JobOutcome> => {
      if (failedAt) return complete();
      failedAt = Date.now();
      return fail('switch timed out', { retries: 2, retryBackOff: 400 });
    });
    const instance = await t.start('service-task');
    const first = await work.nth(0);
    const second = await work.nth(1);

    assert.equal(second.key, first.key);
    assert.equal(second.retries, 2);
    const waited = work.items[1]!.at - failedAt;
    assert.ok(waited >= 390, `handed out again ${waited} ms after failing, before the 400 ms backoff ran out`);
    await t.records.waitFor(instanceCompleted(instance));
    assert.equal(t.records.filter(incidentRecord('CREATED', instance)).length, 0, 'retries were left: no incident');
  });

  scenario('a job whose worker never answers is handed out again after its timeout', async (t) => {
    await t.deploy('service-task');
    const silent = t.hold();
    const work = t.worker('work', async () => (work.items.length === 1 ? silent.promise : complete({ attempt: 2 })), { timeout: 300 });
    const instance = await t.start('service-task');
    const first = await work.nth(0);
    const second = await work.nth(1);

    assert.equal(second.key, first.key, 'the same job, delivered again');
    const waited = work.items[1]!.at - work.items[0]!.at;
    assert.ok(waited >= 290, `handed out again after ${waited} ms, before the 300 ms timeout`);
    await t.records.waitFor(jobRecord('TIMED_OUT', first.key));
    await t.records.waitFor(instanceCompleted(instance));

    silent.open(complete({ attempt: 1 }));
    await t.records.expectNone(matcher('the timed-out delivery to set "attempt" to 1', (record) =>
      variableRecord(instance, 'attempt')(record) && record.value.value === '1'));
  });
}
