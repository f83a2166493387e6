// SPDX-License-Identifier: Apache-2.0
// Messages: correlation by name and key, buffering for the time to live, expiry, duplicate message ids, and
// the two places a message starts or diverts a flow (message start event, boundary message event).
// As in Zeebe, a message reaches at most one instance of a process (bpmnProcessId) and is then used up.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { elementRecord, instanceCompleted, messageRecord, subscriptionRecord } from './record-log.js';
import { deliveryOf, type DefineScenario } from './scenario.js';
import { QUIET_MS } from './timeline.js';

export function messageSemantics(scenario: DefineScenario): void {
  scenario('a message catch event correlates the message with its name and key and merges its variables', async (t) => {
    await t.deploy('message-catch');
    const afterPong = t.worker('after-pong');
    const other = await t.start('message-catch', { correlationId: 'c-other' });
    const target = await t.start('message-catch', { correlationId: 'c-target' });
    await t.records.waitFor(subscriptionRecord('CREATED', target));
    await t.publish({ name: 'pong', correlationKey: 'c-target', variables: { answer: 'accepted' }, timeToLive: 0 });

    const job = await afterPong.nth(0);
    assert.equal(job.processInstanceKey, target.processInstanceKey);
    assert.deepEqual(job.variables, { correlationId: 'c-target', answer: 'accepted' });
    const correlated = await t.records.waitFor(subscriptionRecord('CORRELATED', target));
    assert.equal(correlated.value.messageName, t.message('pong'));
    assert.equal(correlated.value.correlationKey, 'c-target');
    assert.equal(correlated.value.elementId, 'await-pong');
    await t.records.waitFor(instanceCompleted(target));
    await afterPong.expectNone(deliveryOf(other));
  });

  scenario('a message published before the subscription opens is buffered and correlates when it opens', async (t) => {
    await t.deploy('message-catch');
    const afterPong = t.worker('after-pong');
    const { messageKey } = await t.publish({ name: 'pong', correlationKey: 'c-early', variables: { answer: 'early' }, timeToLive: 10_000 });
    await t.records.waitFor(messageRecord('PUBLISHED', messageKey));
    await sleep(100);
    const instance = await t.start('message-catch', { correlationId: 'c-early' });

    const job = await afterPong.nth(0);
    assert.equal(job.processInstanceKey, instance.processInstanceKey);
    assert.equal(job.variables.answer, 'early');
    await t.records.waitFor(subscriptionRecord('CORRELATED', instance));
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('a message whose time to live has passed expires and does not correlate', async (t) => {
    await t.deploy('message-catch');
    const afterPong = t.worker('after-pong');
    const { messageKey } = await t.publish({ name: 'pong', correlationKey: 'c-late', variables: { answer: 'stale' }, timeToLive: 100 });
    await t.records.waitFor(messageRecord('EXPIRED', messageKey));
    const instance = await t.start('message-catch', { correlationId: 'c-late' });
    await t.records.waitFor(subscriptionRecord('CREATED', instance));
    await t.records.expectNone(subscriptionRecord('CORRELATED', instance));

    // The subscription is open: a fresh message does correlate, and carries its own variables.
    await t.publish({ name: 'pong', correlationKey: 'c-late', variables: { answer: 'fresh' }, timeToLive: 0 });
    const job = await afterPong.nth(0);
    assert.equal(job.variables.answer, 'fresh');
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('a second message with the same id is dropped while the first is buffered', async (t) => {
    await t.deploy('message-catch');
    const afterPong = t.worker('after-pong');
    const message = { name: 'pong', correlationKey: 'c-dup', messageId: 'msg-1', timeToLive: 10_000 };
    await t.publish({ ...message, variables: { copy: 1 } });
    // Dropped: whether the adapter answers the repeat with success or with an error is not part of the contract.
    await t.publish({ ...message, variables: { copy: 2 } }).catch(() => undefined);
    const first = await t.start('message-catch', { correlationId: 'c-dup' });
    const second = await t.start('message-catch', { correlationId: 'c-dup' });

    const job = await afterPong.nth(0);
    assert.equal(job.variables.copy, 1);
    await t.records.waitFor(subscriptionRecord('CREATED', job.processInstanceKey === first.processInstanceKey ? second : first));
    await sleep(QUIET_MS);
    assert.equal(afterPong.items.length, 1, 'the repeated message id reached no second instance');

    await t.publish({ ...message, messageId: 'msg-2', variables: { copy: 3 } });
    const next = await afterPong.nth(1);
    assert.equal(next.variables.copy, 3, 'a new message id correlates to the instance still waiting');
    assert.notEqual(next.processInstanceKey, job.processInstanceKey);
  });

  scenario('of two instances waiting on the same key, one message reaches only one', async (t) => {
    await t.deploy('message-catch');
    const afterPong = t.worker('after-pong');
    const waiting = [await t.start('message-catch', { correlationId: 'c-shared' }), await t.start('message-catch', { correlationId: 'c-shared' })];
    for (const instance of waiting) await t.records.waitFor(subscriptionRecord('CREATED', instance));
    const message = { name: 'pong', correlationKey: 'c-shared', messageId: 'msg-1', timeToLive: 10_000, variables: { copy: 1 } };
    await t.publish(message);
    await afterPong.nth(0);
    await t.publish({ ...message, variables: { copy: 2 } }).catch(() => undefined);
    await sleep(QUIET_MS);
    assert.equal(afterPong.items.length, 1, 'one message, one correlation; its repeat is dropped');

    await t.publish({ ...message, messageId: 'msg-2', variables: { copy: 3 } });
    const jobs = [afterPong.jobs[0]!, await afterPong.nth(1)];
    assert.deepEqual(jobs.map((job) => job.variables.copy), [1, 3]);
    assert.deepEqual(jobs.map((job) => job.processInstanceKey).sort(), waiting.map((instance) => instance.processInstanceKey).sort());
  });

  scenario('a message start event creates an instance for each message', async (t) => {
    await t.deploy('message-start');
    const handleOrder = t.worker('handle-order');
    await t.publish({ name: 'order-received', correlationKey: 'o-1', variables: { orderId: 'o-1' }, timeToLive: 0 });
    await t.publish({ name: 'order-received', correlationKey: 'o-2', variables: { orderId: 'o-2' }, timeToLive: 0 });

    const jobs = [await handleOrder.nth(0), await handleOrder.nth(1)];
    assert.deepEqual(jobs.map((job) => job.variables.orderId).sort(), ['o-1', 'o-2']);
    assert.notEqual(jobs[0]!.processInstanceKey, jobs[1]!.processInstanceKey);
    for (const job of jobs) {
      assert.equal(job.bpmnProcessId, t.id('message-start'));
      await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', job.processInstanceKey, 'order-received'));
      await t.records.waitFor(instanceCompleted(job.processInstanceKey));
    }
  });

  scenario('an interrupting boundary message leaves a receive task for the boundary path', async (t) => {
    await t.deploy('boundary-message');
    const ship = t.worker('ship');
    const refund = t.worker('refund');
    const paid = await t.start('boundary-message', { orderId: 'o-paid' });
    const cancelled = await t.start('boundary-message', { orderId: 'o-cancelled' });
    await t.records.waitForCount(subscriptionRecord('CREATED', cancelled), 2);
    await t.records.waitForCount(subscriptionRecord('CREATED', paid), 2);

    await t.publish({ name: 'payment-received', correlationKey: 'o-paid', variables: { paidAmount: '10.00' }, timeToLive: 0 });
    assert.equal((await ship.nth(0)).variables.paidAmount, '10.00', 'the receive task correlates and merges the message');
    await t.publish({ name: 'order-cancelled', correlationKey: 'o-cancelled', variables: { reason: 'payer request' }, timeToLive: 0 });
    const refundJob = await refund.nth(0);
    assert.equal(refundJob.processInstanceKey, cancelled.processInstanceKey);
    assert.equal(refundJob.variables.reason, 'payer request');
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', cancelled, 'await-payment'));

    await t.publish({ name: 'payment-received', correlationKey: 'o-cancelled', timeToLive: 0 });
    await t.records.waitFor(instanceCompleted(paid));
    await t.records.waitFor(instanceCompleted(cancelled));
    await ship.expectNone(deliveryOf(cancelled));
    assert.equal(t.records.filter(subscriptionRecord('CORRELATED', cancelled)).length, 1, 'the receive task no longer waits');
    assert.equal(refund.items.length, 1);
  });
}
