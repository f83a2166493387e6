// SPDX-License-Identifier: Apache-2.0
// A port worker on a stand-in for the SDK's client: the SDK activates jobs and calls the task handler; these
// tests play that part and read the one gateway command each outcome sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complete, fail, throwError, type Job, type JobHandler } from '../workflow-engine.js';
import { createLogger } from '../../../platform/log/index.js';
import { startWorker, type WorkerGateway } from './zeebe-worker.js';

interface Harness {
  /** Hands one job to the worker as the SDK would; resolves with what the task handler returned. */
  deliver(retries?: number): Promise<unknown>;
  commands: { method: string; request: unknown }[];
  settings: Record<string, unknown>;
  forwarded: number;
  closed: boolean;
  close(): Promise<void>;
}

function harness(handler: JobHandler, reject?: Error): Harness {
  const state: Harness = { deliver: async () => undefined, commands: [], settings: {}, forwarded: 0, closed: false, close: async () => {} };
  const send = (method: string) => async (request: unknown) => {
    state.commands.push({ method, request });
    if (reject) throw reject;
  };
  const client = {
    completeJob: send('completeJob'),
    failJob: send('failJob'),
    throwError: send('throwError'),
    createWorker: (config: Record<string, unknown> & { taskHandler: (job: unknown) => Promise<unknown> }) => {
      state.settings = config;
      state.deliver = (retries = 3) => config.taskHandler({
        key: '2251799813685302', type: 'payee-quote', processInstanceKey: '2251799813685290', bpmnProcessId: 'payer-transfer',
        processDefinitionVersion: 1, processDefinitionKey: '2251799813685280', elementId: 'Task_Quote', elementInstanceKey: '2251799813685301',
        customHeaders: {}, worker: 'w', retries, deadline: '1764428400000', variables: { transferId: 't-1' }, tenantId: '<default>',
        forward: () => {
          state.forwarded += 1;
          return 'JOB_ACTION_ACKNOWLEDGEMENT';
        },
      });
      return { close: async () => { state.closed = true; return null; } };
    },
  };
  const worker = startWorker(client as unknown as WorkerGateway, { taskType: 'payee-quote', handler, maxJobsActive: 8 }, createLogger({ level: 'silent' }));
  state.close = () => worker.close();
  return state;
}

describe('a Zeebe job worker', () => {
  it('activates jobs of its type with the port\'s timeout and its capacity', () => {
    const { settings } = harness(async () => complete());
    assert.equal(settings.taskType, 'payee-quote');
    assert.equal(settings.timeout, 30_000);
    assert.equal(settings.maxJobsToActivate, 8);
  });

  it('gives the handler the job and completes it with the handler\'s variables, then frees the slot', async () => {
    let seen: Job | undefined;
    const worker = harness(async (job) => {
      seen = job;
      return complete({ quoteId: 'q-1' });
    });
    assert.equal(await worker.deliver(), 'JOB_ACTION_ACKNOWLEDGEMENT');
    assert.equal(seen?.processDefinitionKey, '2251799813685280');
    assert.deepEqual(seen?.variables, { transferId: 't-1' });
    assert.deepEqual(worker.commands, [{ method: 'completeJob', request: { jobKey: '2251799813685302', variables: { quoteId: 'q-1' } } }]);
    assert.equal(worker.forwarded, 1);
  });

  it('fails the job with one retry fewer and the backoff in ms; the broker raises an incident at 0', async () => {
    const worker = harness(async () => fail('switch timed out', { retryBackOff: 2_000 }));
    await worker.deliver(1);
    assert.deepEqual(worker.commands, [{ method: 'failJob', request: { jobKey: '2251799813685302', errorMessage: 'switch timed out', retries: 0, retryBackOff: 2_000 } }]);
  });

  it('throws a business error for the error boundary event to catch', async () => {
    const worker = harness(async () => throwError('PAYEE_REJECTED', 'payee FSP rejected the quote'));
    await worker.deliver();
    assert.deepEqual(worker.commands, [{ method: 'throwError', request: { jobKey: '2251799813685302', errorCode: 'PAYEE_REJECTED', errorMessage: 'payee FSP rejected the quote' } }]);
  });

  it('fails the job when the handler throws, rather than leaving it until its timeout', async () => {
    const worker = harness(async () => {
      throw new Error('ledger unreachable');
    });
    await worker.deliver(3);
    assert.deepEqual(worker.commands, [{ method: 'failJob', request: { jobKey: '2251799813685302', errorMessage: 'job handler threw: ledger unreachable', retries: 2, retryBackOff: 0 } }]);
    assert.equal(worker.forwarded, 1);
  });

  it('frees the slot when the broker no longer knows the job (timed out and handed to another worker)', async () => {
    const notFound = Object.assign(new Error('5 NOT_FOUND: job not found'), { code: 5, details: 'job not found' });
    const worker = harness(async () => complete(), notFound);
    assert.equal(await worker.deliver(), 'JOB_ACTION_ACKNOWLEDGEMENT');
    assert.equal(worker.forwarded, 1);
  });

  it('closes the SDK worker, which waits for the jobs it holds', async () => {
    const worker = harness(async () => complete());
    await worker.close();
    assert.equal(worker.closed, true);
  });
});
