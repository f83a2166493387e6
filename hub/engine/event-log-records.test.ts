// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openEventLog } from '../../platform/events/index.js';
import { openDatabase } from '../../platform/store/index.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { eventLogRecords } from './event-log-records.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from './records.js';

const record = (position: number) => ({ value: { position, key: String(position), timestamp: 0, partitionId: 1, recordType: 'EVENT', valueType: 'JOB', intent: 'CREATED', value: {} } });

describe('records from the event log (Zeebe exporter path)', () => {
  it('delivers the records appended after subscribing, and none after unsubscribing', async () => {
    const database = await openDatabase({ dataDir: tempDir('records') });
    const eventLog = await openEventLog({ kind: 'sql', database });
    await eventLog.append(ENGINE_RECORDS_TOPIC, [record(1), record(2)]);
    const seen: EngineRecord[] = [];
    const unsubscribe = eventLogRecords(eventLog)((records) => { seen.push(...records); });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await eventLog.append(ENGINE_RECORDS_TOPIC, [record(3)]);
    for (let wait = 0; wait < 50 && seen.length === 0; wait += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(seen.map((item) => item.position), [3]);
    unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await eventLog.append(ENGINE_RECORDS_TOPIC, [record(4)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(seen.map((item) => item.position), [3]);
    await eventLog.close();
    await database.close();
  });
});
