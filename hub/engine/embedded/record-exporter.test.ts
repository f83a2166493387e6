// SPDX-License-Identifier: Apache-2.0
// Engine records reach the event log's `zeebe` topic in position order, complete, across a restart.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openEventLog } from '../../../platform/events/index.js';
import { openDatabase } from '../../../platform/store/index.js';
import { tempDir } from '../../../test/support/temp-dir.js';
import { loadFixture } from '../fixtures/index.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from '../records.js';
import { complete } from '../workflow-engine.js';
import { openEmbeddedEngine } from './embedded-engine.js';

async function exported(eventLog: Awaited<ReturnType<typeof openEventLog>>, until: (records: EngineRecord[]) => boolean): Promise<EngineRecord[]> {
  const records: EngineRecord[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const subscription = await eventLog.subscribe({
    topic: ENGINE_RECORDS_TOPIC, group: `reader-${Math.random()}`,
    handler: async (batch) => { records.push(...batch.map((record) => record.value as EngineRecord)); if (until(records)) done(); },
  });
  await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${records.length} records exported`)), 5_000))]);
  await subscription.stop();
  return records;
}

const completedProcesses = (records: EngineRecord[]) => records.filter((record) => record.valueType === 'PROCESS_INSTANCE' && record.intent === 'ELEMENT_COMPLETED' && record.value.bpmnElementType === 'PROCESS').length;

describe('record exporter', () => {
  it('exports every record once, in position order without gaps, and carries on after a restart', async () => {
    const dir = tempDir('exporter');
    const database = await openDatabase({ dataDir: dir });
    const eventLog = await openEventLog({ kind: 'sql', database });
    const run = async (instances: number) => {
      const engine = await openEmbeddedEngine({ dataDir: join(dir, 'engine'), eventLog });
      await engine.deploy([loadFixture('three-tasks')]);
      for (const type of ['step-1', 'step-2', 'step-3']) engine.createWorker({ taskType: type, handler: async () => complete() });
      for (let index = 0; index < instances; index += 1) await engine.createInstance({ bpmnProcessId: 'three-tasks' });
      return engine;
    };
    const first = await run(5);
    await exported(eventLog, (records) => completedProcesses(records) >= 5);
    await first.close();
    const second = await run(5);
    const records = await exported(eventLog, (all) => completedProcesses(all) >= 10);
    await second.close();

    const positions = records.map((record) => record.position);
    assert.deepEqual(positions, positions.map((_, index) => positions[0]! + index), 'positions are gapless and ordered across the restart');
    assert.equal(completedProcesses(records), 10);
    assert.ok(records.every((record) => record.partitionId === 1 && typeof record.timestamp === 'number' && record.recordType === 'EVENT'));
    await eventLog.close();
    await database.close();
  });
});
