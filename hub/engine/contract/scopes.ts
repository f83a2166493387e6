// SPDX-License-Identifier: Apache-2.0
// Elements that hold other elements: embedded sub-processes, call activities (a child instance) and
// multi-instance activities, parallel and sequential.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { complete } from '../workflow-engine.js';
import { elementRecord, instanceCompleted, sameKey } from './record-log.js';
import { deliveryOf, type DefineScenario } from './scenario.js';
import { matcher } from './timeline.js';

export function scopeSemantics(scenario: DefineScenario): void {
  scenario('an embedded sub-process runs its contents and completes, then the flow goes on', async (t) => {
    await t.deploy('sub-process');
    t.worker('validate', async () => complete({ valid: true }));
    const book = t.worker('book');
    const reject = t.worker('reject');
    const instance = await t.start('sub-process', { transferId: 't-1' });

    const activated = await t.records.waitFor(elementRecord('ELEMENT_ACTIVATED', instance, 'validate-transfer'));
    assert.equal(activated.value.bpmnElementType, 'SUB_PROCESS');
    const validate = await t.records.waitFor(elementRecord('ELEMENT_ACTIVATED', instance, 'validate'));
    assert.ok(sameKey(validate.value.flowScopeKey, activated.key), 'the task runs inside the sub-process');
    const completed = await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'validate-transfer'));
    const job = await book.nth(0);
    assert.equal(job.variables.valid, true);
    const bookActivated = await t.records.waitFor(elementRecord('ELEMENT_ACTIVATED', instance, 'book'));
    assert.ok(bookActivated.position > completed.position, 'the flow leaves the sub-process once it completed');
    await t.records.waitFor(instanceCompleted(instance));
    await reject.expectNone(deliveryOf(instance));
  });

  scenario('a call activity starts the child process with the parent variables and returns the child variables', async (t) => {
    await t.deploy('call-parent', 'call-child');
    const childWork = t.worker('child-work', async () => complete({ childResult: 'done' }));
    const afterCall = t.worker('after-call');
    const parent = await t.start('call-parent', { orderId: 'o-1' });

    const childJob = await childWork.nth(0);
    assert.equal(childJob.bpmnProcessId, t.id('call-child'));
    assert.notEqual(childJob.processInstanceKey, parent.processInstanceKey);
    assert.equal(childJob.variables.orderId, 'o-1', 'the parent variables are copied in');
    const child = await t.records.waitFor(matcher('the child process element', (record) =>
      record.valueType === 'PROCESS_INSTANCE' && record.intent === 'ELEMENT_ACTIVATED' && record.value.bpmnElementType === 'PROCESS' &&
      sameKey(record.value.processInstanceKey, childJob.processInstanceKey)));
    assert.ok(sameKey(child.value.parentProcessInstanceKey, parent.processInstanceKey));
    assert.equal(child.value.bpmnProcessId, t.id('call-child'));

    const parentJob = await afterCall.nth(0);
    assert.equal(parentJob.processInstanceKey, parent.processInstanceKey);
    assert.equal(parentJob.variables.childResult, 'done', 'the child variables are copied out');
    await t.records.waitFor(instanceCompleted(childJob.processInstanceKey));
    const callActivity = await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', parent, 'run-child'));
    assert.equal(callActivity.value.bpmnElementType, 'CALL_ACTIVITY');
    await t.records.waitFor(instanceCompleted(parent));
  });

  scenario('a parallel multi-instance task runs one job per item at once and collects the outputs in collection order', async (t) => {
    await t.deploy('multi-instance-parallel');
    const held = [t.hold(), t.hold(), t.hold()];
    // Delivery n waits for held[n]: no job is answered before all three are out.
    const score = t.worker('score', () => held[score.items.length - 1]!.promise);
    const afterScores = t.worker('after-scores');
    const instance = await t.start('multi-instance-parallel', { items: ['a', 'b', 'c'] });

    await score.nth(2);
    assert.deepEqual(score.jobs.map((job) => job.variables.item).sort(), ['a', 'b', 'c'], 'all three inner instances are active at once');
    // Answer in reverse order: the output collection still follows the input collection.
    for (const index of [2, 1, 0]) {
      const item = score.jobs[index]!.variables.item as string;
      held[index]!.open(complete({ score: item.toUpperCase() }));
      await sleep(20);
    }
    const job = await afterScores.nth(0);
    assert.deepEqual(job.variables.scores, ['A', 'B', 'C']);
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'score'));
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('a sequential multi-instance task runs one job at a time, in collection order', async (t) => {
    await t.deploy('multi-instance-sequential');
    let running = 0;
    let mostAtOnce = 0;
    const pay = t.worker('pay', async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(30);
      running -= 1;
      return complete();
    });
    const instance = await t.start('multi-instance-sequential', { payees: ['p-1', 'p-2', 'p-3'] });

    await t.records.waitFor(instanceCompleted(instance));
    assert.deepEqual(pay.jobs.map((job) => job.variables.payee), ['p-1', 'p-2', 'p-3']);
    assert.equal(new Set(pay.jobs.map((job) => job.key)).size, 3, 'one job per item');
    assert.equal(mostAtOnce, 1, 'never two at once');
    await t.records.waitFor(matcher('the multi-instance body to complete', (record) =>
      elementRecord('ELEMENT_COMPLETED', instance, 'pay')(record) && record.value.bpmnElementType === 'MULTI_INSTANCE_BODY'));
  });
}
