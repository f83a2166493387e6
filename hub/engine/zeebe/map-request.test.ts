// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fromCreateProcessInstance, fromDeployResponse, toCreateProcessInstance, toDeployResources, toPublishMessage, toSetVariables, toWorkerSettings,
} from './map-request.js';

describe('deploy mapping', () => {
  it('sends each BPMN file as UTF-8 bytes under its name', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions id="Überweisung"/>';
    const [resource] = toDeployResources([{ name: 'payer-transfer.bpmn', xml }]);
    assert.ok(resource && 'process' in resource);
    assert.equal(resource.name, 'payer-transfer.bpmn');
    assert.equal(resource.process.toString('utf8'), xml);
  });

  it('returns one deployed process per process in the files, and nothing for decisions or forms', () => {
    const response = {
      key: '2251799813685250',
      tenantId: '<default>',
      deployments: [
        { process: { bpmnProcessId: 'payer-transfer', version: 2, processDefinitionKey: '2251799813685251', resourceName: 'payer-transfer.bpmn', tenantId: '<default>' } },
        { process: { bpmnProcessId: 'payer-refund', version: 1, processDefinitionKey: '2251799813685252', resourceName: 'payer-transfer.bpmn', tenantId: '<default>' } },
        { decision: { dmnDecisionId: 'limits' } },
      ],
    };
    assert.deepEqual(fromDeployResponse(response), [
      { bpmnProcessId: 'payer-transfer', version: 2, processDefinitionKey: '2251799813685251', resourceName: 'payer-transfer.bpmn' },
      { bpmnProcessId: 'payer-refund', version: 1, processDefinitionKey: '2251799813685252', resourceName: 'payer-transfer.bpmn' },
    ]);
  });
});

describe('createInstance mapping', () => {
  it('starts the latest version unless one is named, with the request\'s tenant when given', () => {
    assert.deepEqual(toCreateProcessInstance({ bpmnProcessId: 'payer-transfer' }), { bpmnProcessId: 'payer-transfer', variables: {} });
    assert.deepEqual(toCreateProcessInstance({ bpmnProcessId: 'payer-transfer', version: 2, variables: { transferId: 't-1' }, tenantId: 'lion' }), {
      bpmnProcessId: 'payer-transfer', version: 2, variables: { transferId: 't-1' }, tenantId: 'lion',
    });
  });

  it('returns the instance and definition keys as strings', () => {
    const response = { processDefinitionKey: '2251799813685251', bpmnProcessId: 'payer-transfer', version: 2, processInstanceKey: '2251799813685260', tenantId: '<default>' };
    assert.deepEqual(fromCreateProcessInstance(response), {
      processInstanceKey: '2251799813685260', processDefinitionKey: '2251799813685251', bpmnProcessId: 'payer-transfer', version: 2,
    });
  });
});

describe('publishMessage mapping', () => {
  it('passes the time to live in ms and the message id that makes a resend a duplicate', () => {
    assert.deepEqual(toPublishMessage({ name: 'transfer-fulfilled', correlationKey: 't-1', timeToLive: 60_000, messageId: 'fulfil-t-1', variables: { state: 'COMMITTED' } }), {
      name: 'transfer-fulfilled', correlationKey: 't-1', variables: { state: 'COMMITTED' }, timeToLive: 60_000, messageId: 'fulfil-t-1',
    });
  });

  it('leaves the time to live to the gateway when absent', () => {
    assert.deepEqual(toPublishMessage({ name: 'transfer-fulfilled', correlationKey: 't-1' }), { name: 'transfer-fulfilled', correlationKey: 't-1', variables: {} });
  });
});

describe('setVariables mapping', () => {
  it('propagates to the scope that holds each name unless asked to stay local', () => {
    assert.deepEqual(toSetVariables({ elementInstanceKey: '2251799813685260', variables: { approved: true } }), {
      elementInstanceKey: '2251799813685260', variables: { approved: true }, local: false,
    });
    assert.equal(toSetVariables({ elementInstanceKey: '1', variables: {}, local: true }).local, true);
  });
});

describe('worker mapping', () => {
  it('holds a job 30 s and 32 jobs at once by default, as the port says', () => {
    assert.deepEqual(toWorkerSettings({ taskType: 'payee-quote', handler: async () => ({ outcome: 'complete' }) }), {
      taskType: 'payee-quote', timeout: 30_000, maxJobsToActivate: 32,
    });
  });

  it('passes the timeout in ms, the capacity and the variables to fetch', () => {
    assert.deepEqual(toWorkerSettings({ taskType: 'payee-quote', handler: async () => ({ outcome: 'complete' }), timeout: 5_000, maxJobsActive: 4, fetchVariables: ['transferId'] }), {
      taskType: 'payee-quote', timeout: 5_000, maxJobsToActivate: 4, fetchVariable: ['transferId'],
    });
  });
});
