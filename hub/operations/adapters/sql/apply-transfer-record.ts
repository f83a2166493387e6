// SPDX-License-Identifier: Apache-2.0
// The transfer and transaction-request projection, fed from the same engine records and in the same transaction
// as the other tables. Lifecycle records change a row at once: the process element's activation creates it, the
// end event reached decides COMPLETED or FAILED, termination is CANCELLED, incidents set the flag. Variable
// writes only mark the instance: at the end of the batch its fields are derived again from `ops_variables`
// (latest write by position), because the engine writes the start variables before the process activates and a
// later write must win whatever batch it arrives in.
import { sql, type Transaction } from 'kysely';
import type { EngineRecord } from '../../../engine/records.js';
import { TRANSACTION_REQUEST_PROCESSES, TRANSFER_PROCESSES, type TransferState } from '../../operations-view.js';
import type { OperationsTables } from './tables.js';
import { PROJECTED_VARIABLES, transactionRequestFields, transferFields } from './transfer-fields.js';

type Trx = Transaction<OperationsTables>;

/** End events whose completion means the money moved (or the request was paid); any other end event is FAILED. */
export const COMPLETED_END_EVENTS: ReadonlySet<string> = new Set(['end', 'end-completed', 'end-paid']);

/** Keys per `in (…)` list: far below SQLite's and PostgreSQL's parameter limits. */
const KEYS_PER_QUERY = 500;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

type ProjectedTable = 'ops_transfers' | 'ops_transaction_requests';

/** The table an instance of the process has a row in; records of other processes change neither table. */
function tableOf(bpmnProcessId: string): ProjectedTable | undefined {
  if (Object.hasOwn(TRANSFER_PROCESSES, bpmnProcessId)) return 'ops_transfers';
  if (Object.hasOwn(TRANSACTION_REQUEST_PROCESSES, bpmnProcessId)) return 'ops_transaction_requests';
  return undefined;
}

const NO_TRANSFER_FIELDS = transferFields(new Map());
const NO_TRANSACTION_REQUEST_FIELDS = transactionRequestFields(new Map());

/** One per view transaction: `apply` every fresh record after the other tables, then `flush` before commit. */
export class TransferProjection {
  readonly #touched = new Set<string>();

  constructor(private readonly trx: Trx) {}

  async apply(record: EngineRecord): Promise<void> {
    if (record.recordType !== 'EVENT') return;
    switch (record.valueType) {
      case 'PROCESS_INSTANCE': return this.#element(record);
      case 'VARIABLE':
        if (PROJECTED_VARIABLES.has(text(record.value.name))) this.#touched.add(text(record.value.processInstanceKey));
        return;
      case 'INCIDENT': return this.#incident(record);
      default: return;
    }
  }

  /** Derives the fields of every instance whose variables changed in this transaction. */
  async flush(): Promise<void> {
    const keys = [...this.#touched];
    this.#touched.clear();
    for (let start = 0; start < keys.length; start += KEYS_PER_QUERY) await this.#derive(keys.slice(start, start + KEYS_PER_QUERY));
  }

  async #element(record: EngineRecord): Promise<void> {
    const { value, intent, timestamp } = record;
    const table = tableOf(text(value.bpmnProcessId));
    if (!table) return;
    const processInstanceKey = text(value.processInstanceKey);
    const isProcess = value.bpmnElementType === 'PROCESS';
    if (isProcess && (intent === 'ELEMENT_ACTIVATING' || intent === 'ELEMENT_ACTIVATED')) return this.#created(record, table);
    if (isProcess && (intent === 'ELEMENT_COMPLETED' || intent === 'ELEMENT_TERMINATED')) {
      // A process that completes without a known end event (not one of hub/bpmn) counts as completed.
      const state = intent === 'ELEMENT_TERMINATED' ? 'CANCELLED' : sql<string>`case when state = ${sql.lit('IN_PROGRESS')} then ${sql.lit('COMPLETED')} else state end`;
      if (table === 'ops_transfers') {
        await this.trx.updateTable('ops_transfers').set({ state, completed_at: timestamp, duration_ms: sql<number>`${timestamp} - started_at` })
          .where('process_instance_key', '=', processInstanceKey).execute();
      } else {
        await this.trx.updateTable(table).set({ state, completed_at: timestamp }).where('process_instance_key', '=', processInstanceKey).execute();
      }
      return;
    }
    // Only an end event of the process itself ends it; one inside a sub-process only ends that scope.
    const flowScope = text(value.flowScopeKey);
    if (intent === 'ELEMENT_COMPLETED' && value.bpmnElementType === 'END_EVENT' && (flowScope === '' || flowScope === processInstanceKey)) {
      const state: TransferState = COMPLETED_END_EVENTS.has(text(value.elementId)) ? 'COMPLETED' : 'FAILED';
      await this.trx.updateTable(table).set({ state }).where('process_instance_key', '=', processInstanceKey).execute();
    }
  }

  async #created(record: EngineRecord, table: ProjectedTable): Promise<void> {
    const { value, timestamp } = record;
    const processInstanceKey = text(value.processInstanceKey);
    const bpmnProcessId = text(value.bpmnProcessId);
    const common = { process_instance_key: processInstanceKey, bpmn_process_id: bpmnProcessId, tenant_id: text(value.tenantId), state: 'IN_PROGRESS', incident: 0, started_at: timestamp, completed_at: null };
    if (table === 'ops_transfers') {
      const direction = TRANSFER_PROCESSES[bpmnProcessId as keyof typeof TRANSFER_PROCESSES];
      await this.trx.insertInto('ops_transfers').values({ ...common, ...NO_TRANSFER_FIELDS, version: Number(value.version ?? 0), direction, duration_ms: null })
        .onConflict((conflict) => conflict.column('process_instance_key').doNothing()).execute();
    } else {
      const direction = TRANSACTION_REQUEST_PROCESSES[bpmnProcessId as keyof typeof TRANSACTION_REQUEST_PROCESSES];
      await this.trx.insertInto('ops_transaction_requests').values({ ...common, ...NO_TRANSACTION_REQUEST_FIELDS, direction })
        .onConflict((conflict) => conflict.column('process_instance_key').doNothing()).execute();
    }
    // The start variables were written before the activation (and may be in an earlier batch).
    this.#touched.add(processInstanceKey);
  }

  async #incident(record: EngineRecord): Promise<void> {
    if (record.intent !== 'CREATED' && record.intent !== 'RESOLVED') return;
    const processInstanceKey = text(record.value.processInstanceKey);
    // ops_incidents is up to date with this record already (the record batch applied it first).
    const open = await this.trx.selectFrom('ops_incidents').select('incident_key')
      .where('process_instance_key', '=', processInstanceKey).where('state', '=', 'ACTIVE').limit(1).executeTakeFirst();
    const incident = open ? 1 : 0;
    await this.trx.updateTable('ops_transfers').set({ incident }).where('process_instance_key', '=', processInstanceKey).execute();
    await this.trx.updateTable('ops_transaction_requests').set({ incident }).where('process_instance_key', '=', processInstanceKey).execute();
  }

  async #derive(keys: string[]): Promise<void> {
    const transfers = await this.trx.selectFrom('ops_transfers').selectAll().where('process_instance_key', 'in', keys).execute();
    const requests = await this.trx.selectFrom('ops_transaction_requests').selectAll().where('process_instance_key', 'in', keys).execute();
    const found = [...transfers, ...requests].map((row) => row.process_instance_key);
    if (found.length === 0) return;
    const rows = await this.trx.selectFrom('ops_variables').select(['process_instance_key', 'name', 'value'])
      .where('process_instance_key', 'in', found).where('name', 'in', [...PROJECTED_VARIABLES]).execute();
    const variables = new Map(found.map((key) => [key, new Map<string, unknown>()]));
    for (const row of rows) variables.get(row.process_instance_key)!.set(row.name, JSON.parse(row.value) as unknown);
    // Only the columns that change are written: fewer index entries to rewrite.
    for (const row of transfers) {
      const changed = changes(row, transferFields(variables.get(row.process_instance_key)!));
      if (changed) await this.trx.updateTable('ops_transfers').set(changed).where('process_instance_key', '=', row.process_instance_key).execute();
    }
    for (const row of requests) {
      const changed = changes(row, transactionRequestFields(variables.get(row.process_instance_key)!));
      if (changed) await this.trx.updateTable('ops_transaction_requests').set(changed).where('process_instance_key', '=', row.process_instance_key).execute();
    }
  }
}

/** The fields whose value differs from the row's (numbers compared as numbers: PostgreSQL's int8 may come back as text), or undefined. */
function changes<F extends Record<string, string | number | null>>(row: Record<string, unknown>, fields: F): Partial<F> | undefined {
  const changed: Partial<F> = {};
  let any = false;
  for (const [column, value] of Object.entries(fields) as [keyof F & string, F[keyof F & string]][]) {
    const current = row[column];
    const same = typeof value === 'number' ? current !== null && Number(current) === value : current === value;
    if (!same) {
      changed[column] = value;
      any = true;
    }
  }
  return any ? changed : undefined;
}
