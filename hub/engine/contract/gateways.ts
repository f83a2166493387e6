// SPDX-License-Identifier: Apache-2.0
// Exclusive, parallel and event-based gateways: which way a token goes, and when a join lets it pass.
import assert from 'node:assert/strict';
import { complete } from '../workflow-engine.js';
import { elementRecord, instanceCompleted, timerRecord } from './record-log.js';
import { deliveryOf, type DefineScenario } from './scenario.js';
import { QUIET_MS } from './timeline.js';

export function gatewaySemantics(scenario: DefineScenario): void {
  scenario('an exclusive gateway takes the flow whose condition holds, else the default flow', async (t) => {
    await t.deploy('exclusive-gateway');
    const review = t.worker('review');
    const approve = t.worker('approve');
    const risky = await t.start('exclusive-gateway', { riskScore: 90 });
    const safe = await t.start('exclusive-gateway', { riskScore: 10 });
    await t.records.waitFor(instanceCompleted(risky));
    await t.records.waitFor(instanceCompleted(safe));

    assert.deepEqual(review.jobs.map((job) => job.processInstanceKey), [risky.processInstanceKey], '=riskScore > 70');
    assert.deepEqual(approve.jobs.map((job) => job.processInstanceKey), [safe.processInstanceKey], 'the default flow');
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', risky, 'reviewed'));
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', safe, 'approved'));
  });

  scenario('a parallel gateway runs both branches at once and its join waits for both', async (t) => {
    await t.deploy('parallel-gateway');
    const lookupAnswer = t.hold();
    const reserve = t.worker('reserve', async () => complete({ reservationId: 'res-1' }));
    const lookup = t.worker('lookup', () => lookupAnswer.promise);
    const transfer = t.worker('transfer');
    const instance = await t.start('parallel-gateway');

    await reserve.nth(0);
    await lookup.nth(0);
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'reserve-funds'));
    await transfer.expectNone(deliveryOf(instance));

    lookupAnswer.open(complete({ payeeFsp: 'fsp-b' }));
    const job = await transfer.nth(0);
    assert.equal(job.variables.reservationId, 'res-1');
    assert.equal(job.variables.payeeFsp, 'fsp-b');
    await t.records.waitFor(instanceCompleted(instance));
    assert.equal(transfer.items.length, 1, 'the join lets one token through');
  });

  scenario('an event-based gateway follows the message when it comes first and the timer when no message comes', async (t) => {
    await t.deploy('event-based-gateway');
    const approved = t.worker('approved');
    const expired = t.worker('expired');
    const answered = await t.start('event-based-gateway', { requestId: 'r-answered' });
    const silent = await t.start('event-based-gateway', { requestId: 'r-silent' });
    // Buffered for 10 s, so it wins whether or not the subscription is already open (the timer takes 500 ms).
    await t.publish({ name: 'approval', correlationKey: 'r-answered', variables: { approvedBy: 'ops' }, timeToLive: 10_000 });

    const approvedJob = await approved.nth(0);
    assert.equal(approvedJob.processInstanceKey, answered.processInstanceKey);
    assert.equal(approvedJob.variables.approvedBy, 'ops');
    const expiredJob = await expired.nth(0);
    assert.equal(expiredJob.processInstanceKey, silent.processInstanceKey);
    await t.records.waitFor(timerRecord('TRIGGERED', silent));

    await t.records.waitFor(instanceCompleted(answered));
    await t.records.waitFor(instanceCompleted(silent));
    await t.records.expectNone(timerRecord('TRIGGERED', answered), 500 + QUIET_MS);
    assert.equal(expired.items.length, 1, 'the timer of the answered instance never fired');
    assert.equal(approved.items.length, 1);
  });
}
