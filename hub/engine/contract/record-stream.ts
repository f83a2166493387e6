// SPDX-License-Identifier: Apache-2.0
// The records stream is a contract of its own: the operations streamer reads it the same way from either
// engine, so the shape and order of the records are asserted here, on one plain three-task run.
import assert from 'node:assert/strict';
import type { EngineRecord } from '../records.js';
import { complete } from '../workflow-engine.js';
import { elementRecord, instanceCompleted, jobRecord, sameKey, variableRecord } from './record-log.js';
import type { DefineScenario } from './scenario.js';

const RECORD_TYPES = new Set(['EVENT', 'COMMAND', 'COMMAND_REJECTION']);

function assertEnvelope(record: EngineRecord, startedAt: number): void {
  assert.ok(Number.isSafeInteger(record.position), `position ${record.position} is an integer`);
  assert.equal(typeof record.key, 'string');
  assert.ok(record.timestamp >= startedAt - 1_000 && record.timestamp <= Date.now() + 1_000, `timestamp ${record.timestamp} is epoch ms`);
  assert.ok(Number.isInteger(record.partitionId));
  assert.ok(RECORD_TYPES.has(record.recordType), `recordType ${record.recordType}`);
  assert.equal(typeof record.valueType, 'string');
  assert.equal(typeof record.intent, 'string');
  assert.equal(typeof record.value, 'object');
}

export function recordSemantics(scenario: DefineScenario): void {
  scenario('records come in Zeebe\'s exporter shape, one per element activated and completed, with increasing positions', async (t) => {
    const startedAt = Date.now();
    const [deployed] = await t.deploy('three-tasks');
    for (const step of ['step-1', 'step-2', 'step-3']) t.worker(step, async () => complete());
    const instance = await t.start('three-tasks', { transferId: 't-1' });
    const pik = instance.processInstanceKey;
    await t.records.waitFor(instanceCompleted(instance));

    for (const record of t.records.items) assertEnvelope(record, startedAt);
    const positions = t.records.items.map((record) => record.position);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    assert.equal(new Set(positions).size, positions.length, 'no position twice');

    const elements = [
      [t.id('three-tasks'), 'PROCESS'], ['start', 'START_EVENT'], ['step-1', 'SERVICE_TASK'], ['step-2', 'SERVICE_TASK'],
      ['step-3', 'SERVICE_TASK'], ['end', 'END_EVENT'],
    ] as const;
    for (const [elementId, bpmnElementType] of elements) {
      const activated = t.records.filter(elementRecord('ELEMENT_ACTIVATED', instance, elementId));
      const completed = t.records.filter(elementRecord('ELEMENT_COMPLETED', instance, elementId));
      assert.equal(activated.length, 1, `one ELEMENT_ACTIVATED of ${elementId}`);
      assert.equal(completed.length, 1, `one ELEMENT_COMPLETED of ${elementId}`);
      assert.ok(activated[0]!.position < completed[0]!.position);
      assert.equal(activated[0]!.key, completed[0]!.key, 'both records carry the element instance key');
      const value = completed[0]!.value;
      assert.equal(value.bpmnElementType, bpmnElementType);
      assert.equal(value.bpmnProcessId, t.id('three-tasks'));
      assert.equal(value.version, 1);
      assert.ok(sameKey(value.processDefinitionKey, deployed!.processDefinitionKey));
      if (bpmnElementType === 'PROCESS') assert.equal(completed[0]!.key, pik, 'the process element instance key is the instance key');
      else assert.ok(sameKey(value.flowScopeKey, pik), `${elementId} lies directly in the process`);
    }

    for (const step of ['step-1', 'step-2', 'step-3']) {
      const created = t.records.filter((record) => record.valueType === 'JOB' && record.intent === 'CREATED' && record.value.elementId === step);
      assert.equal(created.length, 1, `one job for ${step}`);
      const job = created[0]!;
      assert.equal(job.value.type, t.type(step));
      assert.ok(sameKey(job.value.processInstanceKey, pik));
      assert.equal(job.value.retries, 3, 'Zeebe\'s default retries');
      assert.equal(t.records.filter(jobRecord('COMPLETED', job.key)).length, 1);
    }

    const variable = t.records.filter(variableRecord(instance, 'transferId'));
    assert.equal(variable.length, 1);
    assert.equal(variable[0]!.value.value, '"t-1"', 'VARIABLE values are JSON text');
    assert.ok(sameKey(variable[0]!.value.scopeKey, pik));
  });
}
