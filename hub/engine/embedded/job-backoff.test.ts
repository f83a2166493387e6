// SPDX-License-Identifier: Apache-2.0
// A job that failed with a back-off is handed out again once the back-off is over, even when the wall clock
// (Date.now) and the timers' monotonic clock disagree by a few milliseconds, as they do on a loaded machine.
// Before the fix such a job waited for its activation deadline (the worker timeout) instead.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.js';
import { THREE_TASKS } from '../../../test/bench/bpmn.js';
import { complete, fail, type WorkflowEngine } from '../workflow-engine.js';
import { openEmbeddedEngine } from './embedded-engine.js';

describe('embedded engine: retry back-off', () => {
  const realNow = Date.now;
  let engine: WorkflowEngine;
  before(async () => {
    // The wall clock runs up to 4 ms behind the timers, differently at each reading.
    let reading = 0;
    Date.now = () => realNow() - ((reading += 1) % 5);
    engine = await openEmbeddedEngine({ dataDir: tempDir('backoff') });
    await engine.deploy([{ name: 'three-tasks.bpmn', xml: THREE_TASKS }]);
  });
  after(async () => {
    await engine.close();
    Date.now = realNow;
  });

  it('retries failed jobs after their back-off, not after their worker timeout', { timeout: 20_000 }, async () => {
    const attempts = new Map<string, number>();
    // One instance at a time: no other job's activity wakes the dispatcher by chance.
    const instances = 1;
    let completed = 0;
    let finish!: () => void;
    let done = new Promise<void>((resolve) => { finish = resolve; });
    engine.onRecords((records) => {
      for (const record of records) {
        if (record.valueType === 'PROCESS_INSTANCE' && record.intent === 'ELEMENT_COMPLETED' && record.value.bpmnElementType === 'PROCESS' && ++completed === instances) finish();
      }
    });
    // Ten instances one after the other; each job fails twice with a 3 ms back-off, then succeeds; the worker timeout is far beyond the test's.
    for (const type of ['bench-step-1', 'bench-step-2', 'bench-step-3']) {
      engine.createWorker({
        taskType: type, timeout: 600_000,
        handler: async (job) => {
          const count = (attempts.get(job.key) ?? 0) + 1;
          attempts.set(job.key, count);
          return count <= 2 ? fail('not yet', { retries: job.retries - 1, retryBackOff: 3 }) : complete();
        },
      });
    }
    const began = performance.now();
    for (let round = 0; round < 10; round += 1) {
      await engine.createInstance({ bpmnProcessId: 'bench-three-tasks' });
      await done;
      done = new Promise<void>((resolve) => { finish = resolve; });
      completed = 0;
    }
    assert.equal([...attempts.values()].filter((count) => count === 3).length, 30, 'every job of the ten instances ran three times');
    assert.ok(performance.now() - began < 15_000);
  });
});
