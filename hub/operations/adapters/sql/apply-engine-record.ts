// SPDX-License-Identifier: Apache-2.0
// Folds engine records (Zeebe exporter shape) into the view's tables. Only EVENT records change state;
// value types the view does not show (TIMER, MESSAGE, JOB_BATCH, …) are ignored. Keys are normalised to
// strings because Zeebe's Kafka exporter writes them as JSON numbers and the embedded engine as strings.
import { sql, type Transaction } from 'kysely';
import type { EngineRecord } from '../../../engine/records.js';
import { SHORT_VALUE_LENGTH, type ElementsTable, type OperationsTables, type VariablesTable } from './tables.js';

type Trx = Transaction<OperationsTables>;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
/** Zeebe writes -1 for "no key". */
const optionalKey = (value: unknown): string | null => (value === undefined || value === null || String(value) === '-1' ? null : String(value));

/** Rows per multi-row statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 400;

/**
 * One batch of engine records folded into the tables, inside the caller's transaction. Element instances started
 * in the batch and variable writes are kept in memory and written at `flush` in multi-row statements (a step's
 * activation, job and completion usually arrive together), so a batch costs a few statements instead of one per
 * record; everything else is written as it comes. Call `flush` before anything reads ops_elements or ops_variables.
 */
export class EngineRecordBatch {
  /** Element instances activated in this batch, by key, as they stand after the batch's later records. */
  readonly #elements = new Map<string, ElementsTable>();
  /** The latest write of each variable in this batch, by instance and name. */
  readonly #variables = new Map<string, VariablesTable>();

  constructor(private readonly trx: Trx) {}

  async apply(record: EngineRecord): Promise<void> {
    if (record.recordType !== 'EVENT') return;
    switch (record.valueType) {
      case 'PROCESS_INSTANCE': return this.#element(record);
      case 'JOB': return this.#job(record);
      case 'VARIABLE': return this.#variable(record);
      case 'INCIDENT': return applyIncident(this.trx, record);
      default: return;
    }
  }

  /** Writes the buffered element instances and variables. */
  async flush(): Promise<void> {
    const elements = [...this.#elements.values()];
    const variables = [...this.#variables.values()];
    this.#elements.clear();
    this.#variables.clear();
    for (let start = 0; start < elements.length; start += ROWS_PER_STATEMENT) {
      // A row already stored (Zeebe's ACTIVATING in an earlier batch, ACTIVATED in this one) keeps its start and
      // takes what this batch learnt about its end and its job.
      await this.trx.insertInto('ops_elements').values(elements.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((conflict) => conflict.column('element_instance_key').doUpdateSet({
          state: sql<string>`case when excluded.state = ${sql.lit('ACTIVE')} then ops_elements.state else excluded.state end`,
          ended_at: sql<number | null>`coalesce(excluded.ended_at, ops_elements.ended_at)`,
          job_key: sql<string | null>`coalesce(excluded.job_key, ops_elements.job_key)`,
          job_type: sql<string | null>`coalesce(excluded.job_type, ops_elements.job_type)`,
          retries: sql<number | null>`coalesce(excluded.retries, ops_elements.retries)`,
          error_message: sql<string | null>`coalesce(excluded.error_message, ops_elements.error_message)`,
        }))
        .execute();
    }
    for (let start = 0; start < variables.length; start += ROWS_PER_STATEMENT) {
      await this.trx.insertInto('ops_variables').values(variables.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((conflict) => conflict.columns(['process_instance_key', 'name'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'), short_value: eb.ref('excluded.short_value'), scope_key: eb.ref('excluded.scope_key'),
            position: eb.ref('excluded.position'), updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) => eb('ops_variables.position', '<', eb.ref('excluded.position'))))
        .execute();
    }
  }

  async #element(record: EngineRecord): Promise<void> {
    const { value } = record;
    if (value.bpmnElementType === 'PROCESS') return applyProcess(this.trx, record);
    const key = String(record.key);
    switch (record.intent) {
      case 'ELEMENT_ACTIVATING':
      case 'ELEMENT_ACTIVATED':
        if (!this.#elements.has(key)) {
          this.#elements.set(key, {
            element_instance_key: key, process_instance_key: text(value.processInstanceKey), element_id: text(value.elementId),
            bpmn_element_type: text(value.bpmnElementType), state: 'ACTIVE', position: record.position, started_at: record.timestamp,
            ended_at: null, job_key: null, job_type: null, retries: null, error_message: null,
          });
        }
        return;
      case 'ELEMENT_COMPLETED':
      case 'ELEMENT_TERMINATED': {
        const ended = { state: record.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED', ended_at: record.timestamp };
        const buffered = this.#elements.get(key);
        if (buffered) Object.assign(buffered, ended);
        else await this.trx.updateTable('ops_elements').set(ended).where('element_instance_key', '=', key).execute();
        return;
      }
      default: return;
    }
  }

  async #job(record: EngineRecord): Promise<void> {
    const { value } = record;
    const errorMessage = text(value.errorMessage);
    const job = {
      job_key: String(record.key), job_type: text(value.type),
      ...(typeof value.retries === 'number' && { retries: value.retries }),
      ...(errorMessage !== '' && { error_message: errorMessage }),
    };
    const buffered = this.#elements.get(text(value.elementInstanceKey));
    if (buffered) Object.assign(buffered, job);
    else await this.trx.updateTable('ops_elements').set(job).where('element_instance_key', '=', text(value.elementInstanceKey)).execute();
  }

  #variable(record: EngineRecord): void {
    const { value } = record;
    const json = typeof value.value === 'string' ? value.value : JSON.stringify(value.value ?? null);
    const row: VariablesTable = {
      process_instance_key: text(value.processInstanceKey), name: text(value.name), value: json,
      short_value: json.length <= SHORT_VALUE_LENGTH ? json : null, scope_key: text(value.scopeKey),
      position: record.position, updated_at: record.timestamp,
    };
    const key = `${row.process_instance_key}\u0000${row.name}`;
    const held = this.#variables.get(key);
    if (!held || held.position < row.position) this.#variables.set(key, row);
  }
}

async function applyProcess(trx: Trx, record: EngineRecord): Promise<void> {
  const { value } = record;
  switch (record.intent) {
    case 'ELEMENT_ACTIVATING':
    case 'ELEMENT_ACTIVATED':
      await trx.insertInto('ops_instances').values({
        process_instance_key: text(value.processInstanceKey), bpmn_process_id: text(value.bpmnProcessId), version: Number(value.version ?? 0),
        tenant_id: text(value.tenantId), state: 'ACTIVE', started_at: record.timestamp, ended_at: null,
        parent_process_instance_key: optionalKey(value.parentProcessInstanceKey),
      }).onConflict((conflict) => conflict.column('process_instance_key').doNothing()).execute();
      return;
    case 'ELEMENT_COMPLETED':
    case 'ELEMENT_TERMINATED':
      await trx.updateTable('ops_instances').set({ state: record.intent === 'ELEMENT_COMPLETED' ? 'COMPLETED' : 'TERMINATED', ended_at: record.timestamp })
        .where('process_instance_key', '=', text(value.processInstanceKey)).execute();
      return;
    default: return;
  }
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
