// SPDX-License-Identifier: Apache-2.0
// Business errors (BPMN errors): a worker's throwError or an error end event, caught by the error boundary
// event with the same errorCode, or raising an UNHANDLED_ERROR_EVENT incident when nothing catches it.
import assert from 'node:assert/strict';
import { complete, throwError } from '../workflow-engine.js';
import { elementRecord, incidentRecord, instanceCompleted, jobRecord } from './record-log.js';
import { deliveryOf, type DefineScenario } from './scenario.js';

export function errorSemantics(scenario: DefineScenario): void {
  scenario('an error boundary event catches throwError by its errorCode and continues on the error path with its variables', async (t) => {
    await t.deploy('error-boundary');
    const reserve = t.worker('reserve-funds', async () => throwError('INSUFFICIENT_FUNDS', 'balance below the amount', { available: '5.00' }));
    const notifyPayer = t.worker('notify-payer');
    const instance = await t.start('error-boundary', { amount: '20.00' });

    const thrown = await reserve.nth(0);
    const job = await notifyPayer.nth(0);
    assert.equal(job.processInstanceKey, instance.processInstanceKey);
    assert.equal(job.variables.available, '5.00', 'the error variables reach the error path');
    assert.equal(job.variables.amount, '20.00');
    const errorThrown = await t.records.waitFor(jobRecord('ERROR_THROWN', thrown.key));
    assert.equal(errorThrown.value.errorCode, 'INSUFFICIENT_FUNDS');
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'reserve-funds'));
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'rejected'));
    await t.records.waitFor(instanceCompleted(instance));
    assert.equal(t.records.filter(incidentRecord('CREATED', instance)).length, 0);
  });

  scenario('throwError with a code nothing catches raises an UNHANDLED_ERROR_EVENT incident', async (t) => {
    await t.deploy('error-boundary');
    const reserve = t.worker('reserve-funds', async () => throwError('ACCOUNT_BLOCKED', 'payer account blocked'));
    const notifyPayer = t.worker('notify-payer');
    const instance = await t.start('error-boundary');

    const thrown = await reserve.nth(0);
    const incident = await t.records.waitFor(incidentRecord('CREATED', instance));
    assert.equal(incident.value.errorType, 'UNHANDLED_ERROR_EVENT');
    assert.equal(incident.value.elementId, 'reserve-funds');
    assert.match(String(incident.value.errorMessage), /ACCOUNT_BLOCKED/, 'the incident names the uncaught code');
    await notifyPayer.expectNone(deliveryOf(instance));
    assert.equal(t.records.filter(instanceCompleted(instance)).length, 0);
    assert.equal(reserve.items.length, 1, `job ${thrown.key} is not retried: a business error is no technical failure`);
  });

  scenario('an error end event in an embedded sub-process is caught by the error boundary on the sub-process', async (t) => {
    await t.deploy('sub-process');
    t.worker('validate', async () => complete({ valid: false, reason: 'unknown payee' }));
    const book = t.worker('book');
    const reject = t.worker('reject');
    const instance = await t.start('sub-process');

    const job = await reject.nth(0);
    assert.equal(job.processInstanceKey, instance.processInstanceKey);
    assert.equal(job.variables.reason, 'unknown payee', 'variables set inside the sub-process are visible on the error path');
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'validate-transfer'));
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'rejected'));
    await t.records.waitFor(instanceCompleted(instance));
    await book.expectNone(deliveryOf(instance));
  });
}
