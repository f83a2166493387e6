// SPDX-License-Identifier: Apache-2.0
// Folds one engine record (Zeebe exporter shape) into the view's tables. Only EVENT records change state;
// value types the view does not show (TIMER, MESSAGE, JOB_BATCH, …) are ignored. Keys are normalised to
// strings because Zeebe's Kafka exporter writes them as JSON numbers and the embedded engine as strings.
import type { Transaction } from 'kysely';
import type { EngineRecord } from '../../../engine/records.js';
import { SHORT_VALUE_LENGTH, type OperationsTables } from './tables.js';

type Trx = Transaction<OperationsTables>;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
/** Zeebe writes -1 for "no key". */
const optionalKey = (value: unknown): string | null => (value === undefined || value === null || String(value) === '-1' ? null : String(value));

export async function applyEngineRecord(trx: Trx, record: EngineRecord): Promise<void> {
  if (record.recordType !== 'EVENT') return;
  switch (record.valueType) {
    case 'PROCESS_INSTANCE': return applyElement(trx, record);
    case 'JOB': return applyJob(trx, record);
    case 'VARIABLE': return applyVariable(trx, record);
    case 'INCIDENT': return applyIncident(trx, record);
    default: return;
  }
}

async function applyElement(trx: Trx, record: EngineRecord): Promise<void> {
  const { value } = record;
  const isProcess = value.bpmnElementType === 'PROCESS';
  switch (record.intent) {
    case 'ELEMENT_ACTIVATING':
    case 'ELEMENT_ACTIVATED':
      if (isProcess) {
        await trx.insertInto('ops_instances').values({
          process_instance_key: text(value.processInstanceKey), bpmn_process_id: text(value.bpmnProcessId), version: Number(value.version ?? 0),
          tenant_id: text(value.tenantId), state: 'ACTIVE', started_at: record.timestamp, ended_at: null,
          parent_process_instance_key: optionalKey(value.parentProcessInstanceKey),
        }).onConflict((conflict) => conflict.column('process_instance_key').doNothing()).execute();
        return;
      }
      await trx.insertInto('ops_elements').values({
        element_instance_key: String(record.key), process_instance_key: text(value.processInstanceKey), element_id: text(value.elementId),
        bpmn_element_type: text(value.bpmnElementType), state: 'ACTIVE', position: record.position, started_at: record.timestamp,
        ended_at: null, job_key: null, job_type: null, retries: null, error_message: null,
      }).onConflict((conflict) => conflict.column('element_instance_key').doNothing()).execute();
      return;
    case 'ELEMENT_COMPLETED':
    case 'ELEMENT_TERMINATED': {
      const state = record.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED';
      if (isProcess) {
        await trx.updateTable('ops_instances').set({ state, ended_at: record.timestamp })
          .where('process_instance_key', '=', text(value.processInstanceKey)).execute();
      } else {
        await trx.updateTable('ops_elements').set({ state, ended_at: record.timestamp })
          .where('element_instance_key', '=', String(record.key)).execute();
      }
      return;
    }
    default: return;
  }
}

async function applyJob(trx: Trx, record: EngineRecord): Promise<void> {
  const { value } = record;
  const errorMessage = text(value.errorMessage);
  await trx.updateTable('ops_elements').set({
    job_key: String(record.key), job_type: text(value.type),
    ...(typeof value.retries === 'number' && { retries: value.retries }),
    ...(errorMessage !== '' && { error_message: errorMessage }),
  }).where('element_instance_key', '=', text(value.elementInstanceKey)).execute();
}

async function applyVariable(trx: Trx, record: EngineRecord): Promise<void> {
  const { value } = record;
  const json = typeof value.value === 'string' ? value.value : JSON.stringify(value.value ?? null);
  const row = {
    process_instance_key: text(value.processInstanceKey), name: text(value.name), value: json,
    short_value: json.length <= SHORT_VALUE_LENGTH ? json : null, scope_key: text(value.scopeKey),
    position: record.position, updated_at: record.timestamp,
  };
  await trx.insertInto('ops_variables').values(row)
    .onConflict((conflict) => conflict.columns(['process_instance_key', 'name'])
      .doUpdateSet({ value: row.value, short_value: row.short_value, scope_key: row.scope_key, position: row.position, updated_at: row.updated_at })
      .where('ops_variables.position', '<', row.position))
    .execute();
}

async function applyIncident(trx: Trx, record: EngineRecord): Promise<void> {
  const { value } = record;
  const processInstanceKey = text(value.processInstanceKey);
  if (record.intent === 'CREATED') {
    await trx.insertInto('ops_incidents').values({
      incident_key: String(record.key), process_instance_key: processInstanceKey, bpmn_process_id: optionalKey(value.bpmnProcessId),
      tenant_id: optionalKey(value.tenantId), element_id: text(value.elementId), element_instance_key: text(value.elementInstanceKey),
      job_key: optionalKey(value.jobKey), error_type: text(value.errorType), error_message: text(value.errorMessage),
      state: 'ACTIVE', created_at: record.timestamp, resolved_at: null,
    }).onConflict((conflict) => conflict.column('incident_key').doNothing()).execute();
    await trx.updateTable('ops_instances').set({ state: 'INCIDENT' })
      .where('process_instance_key', '=', processInstanceKey).where('state', '=', 'ACTIVE').execute();
    return;
  }
  if (record.intent !== 'RESOLVED') return;
  await trx.updateTable('ops_incidents').set({ state: 'RESOLVED', resolved_at: record.timestamp })
    .where('incident_key', '=', String(record.key)).where('state', '=', 'ACTIVE').execute();
  const open = await trx.selectFrom('ops_incidents').select('incident_key')
    .where('process_instance_key', '=', processInstanceKey).where('state', '=', 'ACTIVE').limit(1).executeTakeFirst();
  if (!open) {
    await trx.updateTable('ops_instances').set({ state: 'ACTIVE' })
      .where('process_instance_key', '=', processInstanceKey).where('state', '=', 'INCIDENT').execute();
  }
}
