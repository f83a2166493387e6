// SPDX-License-Identifier: Apache-2.0
// Restart semantics, for adapters with state of their own (they pass `reopen`): the engine is closed as a
// process stop would close it and reopened on the same state. Waits survive, timers fire late rather than
// never, and a job that was out with a worker is handed out again. (kill -9 is the crash test's business.)
import assert from 'node:assert/strict';
import { complete } from '../workflow-engine.js';
import { instanceCompleted, subscriptionRecord, timerRecord } from './record-log.js';
import type { DefineScenario } from './scenario.js';

export function restartSemantics(scenario: DefineScenario): void {
  scenario('after a restart a waiting message subscription still correlates and a timer that fell due meanwhile fires', async (t) => {
    await t.deploy('message-catch', 'timer-catch');
    const awaitingPong = await t.start('message-catch', { correlationId: 'c-restart' });
    const awaitingTimer = await t.start('timer-catch');
    await t.records.waitFor(subscriptionRecord('CREATED', awaitingPong));
    const timer = await t.records.waitFor(timerRecord('CREATED', awaitingTimer));
    const positionBefore = t.records.items.at(-1)!.position;

    await t.restart(500);
    assert.ok(Date.now() > Number(timer.value.dueDate), 'the 300 ms timer fell due while the engine was closed');
    const afterPong = t.worker('after-pong');
    const afterTimer = t.worker('after-timer');
    await t.publish({ name: 'pong', correlationKey: 'c-restart', variables: { answer: 'after restart' }, timeToLive: 0 });

    const pongJob = await afterPong.nth(0);
    assert.equal(pongJob.processInstanceKey, awaitingPong.processInstanceKey);
    assert.equal(pongJob.variables.answer, 'after restart');
    const timerJob = await afterTimer.nth(0);
    assert.equal(timerJob.processInstanceKey, awaitingTimer.processInstanceKey);
    await t.records.waitFor(instanceCompleted(awaitingPong));
    const completed = await t.records.waitFor(instanceCompleted(awaitingTimer));
    assert.ok(completed.position > positionBefore, 'positions go on increasing after the restart');
  }, { needsRestart: true });

  scenario('a job handed to a worker but not completed before a restart is handed out again after it', async (t) => {
    await t.deploy('service-task');
    const never = t.hold();
    const before = t.worker('work', () => never.promise, { timeout: 1_000 });
    const instance = await t.start('service-task', { orderId: 'o-1' });
    const job = await before.nth(0);

    // The handler still holds the job: close does not wait for it, and its late answer goes nowhere.
    await t.restart();
    const after = t.worker('work', async () => complete({ handledAfterRestart: true }));
    const again = await after.nth(0);
    assert.equal(again.key, job.key, 'the same job');
    assert.equal(again.retries, job.retries, 'a restart is no failure: the retries are unchanged');
    assert.deepEqual(again.variables, { orderId: 'o-1' });
    await t.records.waitFor(instanceCompleted(instance));
  }, { needsRestart: true });
}
