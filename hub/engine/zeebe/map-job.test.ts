// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, fail, throwError } from '../workflow-engine.js';
import { outcomeOfThrown, toJob, toJobCommand, type SdkJob } from './map-job.js';

/** A job as the SDK's worker passes it to the task handler: the gateway's fields plus the SDK's action functions. */
const sdkJob = {
  key: '2251799813685302',
  type: 'payee-quote',
  processInstanceKey: '2251799813685290',
  bpmnProcessId: 'payer-transfer',
  processDefinitionVersion: 3,
  processDefinitionKey: '2251799813685280',
  elementId: 'Task_Quote',
  elementInstanceKey: '2251799813685301',
  customHeaders: { fspId: 'buffalo', timeoutSeconds: 30 },
  worker: '7c3f1f0e-1f4b-4a77-9e8f-2d2a9b1f1e01',
  retries: 3,
  deadline: '1764428400000',
  variables: { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', amount: { amount: '100', currency: 'TZS' } },
  tenantId: '<default>',
  complete: () => Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT'),
  forward: () => 'JOB_ACTION_ACKNOWLEDGEMENT',
} as SdkJob;

describe('toJob', () => {
  it('gives the handler the job\'s keys as strings, the deadline in epoch ms and string headers', () => {
    assert.deepEqual(toJob(sdkJob), {
      key: '2251799813685302',
      type: 'payee-quote',
      processInstanceKey: '2251799813685290',
      bpmnProcessId: 'payer-transfer',
      processDefinitionVersion: 3,
      processDefinitionKey: '2251799813685280',
      elementId: 'Task_Quote',
      elementInstanceKey: '2251799813685301',
      customHeaders: { fspId: 'buffalo', timeoutSeconds: '30' },
      variables: { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', amount: { amount: '100', currency: 'TZS' } },
      retries: 3,
      deadline: 1_764_428_400_000,
      tenantId: '<default>',
    });
  });
});

describe('toJobCommand', () => {
  const job = { key: '2251799813685302', retries: 3 };

  it('completes the job with the handler\'s variables, or none', () => {
    assert.deepEqual(toJobCommand(job, complete({ quoteId: 'q-1' })), { command: 'completeJob', request: { jobKey: job.key, variables: { quoteId: 'q-1' } } });
    assert.deepEqual(toJobCommand(job, complete()), { command: 'completeJob', request: { jobKey: job.key, variables: {} } });
  });

  it('fails the job with one retry fewer than it has, at once, when the handler gives no retries or backoff', () => {
    assert.deepEqual(toJobCommand(job, fail('switch timed out')), {
      command: 'failJob',
      request: { jobKey: job.key, errorMessage: 'switch timed out', retries: 2, retryBackOff: 0 },
    });
  });

  it('fails with the handler\'s retries, backoff in ms and variables; retries 0 raises an incident', () => {
    const outcome = { ...fail('ledger down', { retries: 0, retryBackOff: 5_000 }), variables: { lastError: 'ECONNRESET' } };
    assert.deepEqual(toJobCommand(job, outcome), {
      command: 'failJob',
      request: { jobKey: job.key, errorMessage: 'ledger down', retries: 0, retryBackOff: 5_000, variables: { lastError: 'ECONNRESET' } },
    });
  });

  it('never asks for negative retries when a job with none left fails', () => {
    const command = toJobCommand({ key: job.key, retries: 0 }, fail('again'));
    assert.equal(command.command === 'failJob' && command.request.retries, 0);
  });

  it('throws the business error with its code, message and variables, for an error boundary event to catch', () => {
    assert.deepEqual(toJobCommand(job, throwError('PAYEE_REJECTED', 'payee FSP rejected the quote', { errorCode: '5101' })), {
      command: 'throwError',
      request: { jobKey: job.key, errorCode: 'PAYEE_REJECTED', errorMessage: 'payee FSP rejected the quote', variables: { errorCode: '5101' } },
    });
    assert.deepEqual(toJobCommand(job, throwError('PAYEE_REJECTED')), { command: 'throwError', request: { jobKey: job.key, errorCode: 'PAYEE_REJECTED' } });
  });
});

describe('outcomeOfThrown', () => {
  it('fails the job with the thrown message and the default retries', () => {
    assert.deepEqual(outcomeOfThrown(new TypeError('amount is undefined')), { outcome: 'fail', errorMessage: 'job handler threw: amount is undefined' });
    assert.deepEqual(outcomeOfThrown('boom'), { outcome: 'fail', errorMessage: 'job handler threw: boom' });
  });
});
