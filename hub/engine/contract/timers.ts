// SPDX-License-Identifier: Apache-2.0
// Timers: start events on a cycle, intermediate catch events, and boundary timers that interrupt a waiting
// task or run beside it. Durations are a few hundred ms so the suite runs in seconds.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineRecord } from '../records.js';
import { complete } from '../workflow-engine.js';
import { elementRecord, instanceCompleted, jobRecord, sameKey, timerRecord, variableRecord } from './record-log.js';
import type { DefineScenario } from './scenario.js';
import { QUIET_MS, matcher } from './timeline.js';

export function timerSemantics(scenario: DefineScenario): void {
  scenario('a timer start event on the cycle R2/PT0.2S creates two instances', async (t) => {
    const processId = t.id('timer-start');
    const completedInstance = matcher<EngineRecord>(`an instance of ${processId} to complete`, (record) =>
      record.valueType === 'PROCESS_INSTANCE' && record.intent === 'ELEMENT_COMPLETED' &&
      record.value.bpmnElementType === 'PROCESS' && record.value.bpmnProcessId === processId);
    const deployedAt = Date.now();
    const [deployed] = await t.deploy('timer-start');

    const instances = await t.records.waitForCount(completedInstance, 2);
    assert.notEqual(instances[0]!.value.processInstanceKey, instances[1]!.value.processInstanceKey);
    assert.ok(instances[0]!.timestamp - deployedAt >= 190, 'the first instance starts one period after the deployment');
    const fired = t.records.filter((record) => record.valueType === 'TIMER' && record.intent === 'TRIGGERED' &&
      record.value.targetElementId === 'every-200ms' &&
      (record.value.processDefinitionKey === undefined || sameKey(record.value.processDefinitionKey, deployed!.processDefinitionKey)));
    assert.equal(fired.length, 2);
    await sleep(400);
    assert.equal(t.records.filter(completedInstance).length, 2, 'R2: two repetitions, no more');
  });

  scenario('an intermediate timer catch event fires after its duration', async (t) => {
    await t.deploy('timer-catch');
    const afterTimer = t.worker('after-timer');
    const startedAt = Date.now();
    const instance = await t.start('timer-catch');

    const created = await t.records.waitFor(timerRecord('CREATED', instance));
    assert.equal(created.value.targetElementId, 'wait-300ms');
    assert.equal(typeof created.value.dueDate, 'number', 'dueDate is epoch ms');
    await afterTimer.nth(0);
    const waited = afterTimer.items[0]!.at - startedAt;
    assert.ok(waited >= 290, `the next task came ${waited} ms after the start, before the 300 ms timer`);
    const triggered = await t.records.waitFor(timerRecord('TRIGGERED', instance));
    assert.equal(triggered.key, created.key);
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('an interrupting boundary timer cancels the waiting task; completing its job later has no effect', async (t) => {
    await t.deploy('boundary-timer');
    const payeeAnswer = t.hold();
    const callPayee = t.worker('call-payee', () => payeeAnswer.promise);
    const handleTimeout = t.worker('handle-timeout');
    const instance = await t.start('boundary-timer');

    const held = await callPayee.nth(0);
    const timeoutJob = await handleTimeout.nth(0);
    assert.equal(timeoutJob.processInstanceKey, instance.processInstanceKey);
    assert.ok(handleTimeout.items[0]!.at - callPayee.items[0]!.at >= 250, 'the boundary path starts when the 300 ms timer fires');
    await t.records.waitFor(jobRecord('CANCELED', held.key));
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'call-payee'));
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'timed-out'));
    await t.records.waitFor(instanceCompleted(instance));

    payeeAnswer.open(complete({ payeeAnswer: 'late' }));
    await t.records.expectNone(jobRecord('COMPLETED', held.key));
    assert.equal(t.records.filter(variableRecord(instance, 'payeeAnswer')).length, 0, 'the late answer set nothing');
    assert.equal(t.records.filter(elementRecord('ELEMENT_COMPLETED', instance, 'answered')).length, 0, 'the normal path was not taken');
  });

  scenario('a non-interrupting boundary timer takes its path and leaves the task running', async (t) => {
    await t.deploy('boundary-timer-non-interrupting');
    const settlement = t.hold();
    const settle = t.worker('settle', () => settlement.promise);
    const sendReminder = t.worker('send-reminder');
    const instance = await t.start('boundary-timer-non-interrupting');

    const held = await settle.nth(0);
    const reminder = await sendReminder.nth(0);
    assert.equal(reminder.processInstanceKey, instance.processInstanceKey);
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'reminded'));
    assert.equal(t.records.filter(jobRecord('CANCELED', held.key)).length, 0, 'the task keeps its job');
    assert.equal(t.records.filter(instanceCompleted(instance)).length, 0, 'the instance waits for the task');

    settlement.open(complete({ settled: true }));
    await t.records.waitFor(jobRecord('COMPLETED', held.key));
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'settled'));
    await t.records.waitFor(instanceCompleted(instance));
    await sleep(QUIET_MS);
    assert.equal(sendReminder.items.length, 1, 'a duration fires once');
  });
}
