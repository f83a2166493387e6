// SPDX-License-Identifier: Apache-2.0
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

export interface InstancesTable {
  process_instance_key: string;
  bpmn_process_id: string;
  version: number;
  tenant_id: string;
  state: string;
  started_at: number;
  ended_at: number | null;
  parent_process_instance_key: string | null;
}

export interface ElementsTable {
  element_instance_key: string;
  process_instance_key: string;
  element_id: string;
  bpmn_element_type: string;
  state: string;
  /** The activation record's position: the order of the task list. */
  position: number;
  started_at: number;
  ended_at: number | null;
  job_key: string | null;
  job_type: string | null;
  retries: number | null;
  error_message: string | null;
}

export interface VariablesTable {
  process_instance_key: string;
  name: string;
  /** JSON text, as in the VARIABLE record. */
  value: string;
  /** `value` when it is at most SHORT_VALUE_LENGTH characters, else null: what searches by value use (indexable on PostgreSQL). */
  short_value: string | null;
  scope_key: string;
  /** Position of the record that wrote it; a write from an older position never overwrites a newer one. */
  position: number;
  updated_at: number;
}

export interface IncidentsTable {
  incident_key: string;
  process_instance_key: string;
  bpmn_process_id: string | null;
  tenant_id: string | null;
  element_id: string;
  element_instance_key: string;
  job_key: string | null;
  error_type: string;
  error_message: string;
  state: string;
  created_at: number;
  resolved_at: number | null;
}

export interface AuditEventsTable {
  audit_offset: number;
  at: number;
  request_id: string | null;
  client_id: string | null;
  organisation_id: string | null;
  consent_id: string | null;
  payment_id: string | null;
  psu_id: string | null;
  method: string;
  endpoint: string;
  status: number;
  error_code: string | null;
  duration_ms: number;
}

/** The last applied position per source: engine records per partition, audit events by topic offset (partition 0). */
export interface PositionsTable {
  source: string;
  partition_id: number;
  position: number;
}

/** Party columns of a transfer or transaction request, flattened (`payer_id_type`, …, `payee_account_id`). */
interface PartyColumns {
  payer_id_type: string | null;
  payer_id_value: string | null;
  payer_fsp_id: string | null;
  payer_name: string | null;
  payer_account_id: string | null;
  payee_id_type: string | null;
  payee_id_value: string | null;
  payee_fsp_id: string | null;
  payee_name: string | null;
  payee_account_id: string | null;
}

/** One row per transfer-process instance (TRANSFER_PROCESSES); see apply-transfer-record.ts. */
export interface TransfersTable extends PartyColumns {
  process_instance_key: string;
  bpmn_process_id: string;
  version: number;
  tenant_id: string;
  direction: string;
  transaction_id: string | null;
  transfer_id: string | null;
  quote_id: string | null;
  transaction_request_id: string | null;
  /** Lower-cased payee name: what the case-insensitive substring search compares. */
  payee_name_lower: string | null;
  /** Decimal string as the flow has it. */
  amount: string | null;
  currency: string | null;
  /** `amount` in minor units of `currency` (exact range filters, sorting, sums); null when either is unknown or out of range. */
  amount_minor: number | null;
  /** ISO 4217 minor digits of `currency`: lets an amount filter without a currency compare each row in its own units. */
  currency_digits: number | null;
  payer_fee: string | null;
  payee_fee: string | null;
  state: string;
  /** 1 while the instance has an unresolved incident, else 0. */
  incident: number;
  error_code: string | null;
  error_description: string | null;
  started_at: number;
  completed_at: number | null;
  /** completed_at − started_at in ms, once ended: the latency percentiles read it. */
  duration_ms: number | null;
}

/** One row per transaction-request-process instance (TRANSACTION_REQUEST_PROCESSES). */
export interface TransactionRequestsTable extends PartyColumns {
  process_instance_key: string;
  bpmn_process_id: string;
  tenant_id: string;
  direction: string;
  transaction_request_id: string | null;
  transaction_id: string | null;
  amount: string | null;
  currency: string | null;
  state: string;
  incident: number;
  error_code: string | null;
  started_at: number;
  completed_at: number | null;
}

export interface OperationsTables {
  ops_transfers: TransfersTable;
  ops_transaction_requests: TransactionRequestsTable;
  ops_instances: InstancesTable;
  ops_elements: ElementsTable;
  ops_variables: VariablesTable;
  ops_incidents: IncidentsTable;
  ops_audit_events: AuditEventsTable;
  ops_positions: PositionsTable;
}

export const SHORT_VALUE_LENGTH = 200;

/** Column sizes of values taken from flow variables; longer values are cut to fit (a value never blocks the streamer). */
export const COLUMN_LENGTH = { id: 128, idType: 32, fspId: 64, name: 255, amount: 32, currency: 3, errorCode: 32, errorDescription: 512 } as const;

/** The flattened party columns of both tables. */
function addPartyColumns<TB extends string>(table: CreateTableBuilder<TB, string>): CreateTableBuilder<TB, string> {
  let result = table;
  for (const side of ['payer', 'payee'] as const) {
    result = result.addColumn(`${side}_id_type`, `varchar(${COLUMN_LENGTH.idType})`)
      .addColumn(`${side}_id_value`, `varchar(${COLUMN_LENGTH.id})`)
      .addColumn(`${side}_fsp_id`, `varchar(${COLUMN_LENGTH.fspId})`)
      .addColumn(`${side}_name`, `varchar(${COLUMN_LENGTH.name})`)
      .addColumn(`${side}_account_id`, `varchar(${COLUMN_LENGTH.id})`);
  }
  return result;
}

/** Migration context `operations_view`; names sort in the order they run and are never changed once released. */
export const operationsViewMigrations: Record<string, Migration> = {
  '0001_operations_view': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('ops_instances')
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('bpmn_process_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('parent_process_instance_key', 'varchar(32)')
        .execute();
      for (const [name, columns] of [['process', ['bpmn_process_id', 'started_at']], ['state', ['state', 'started_at']], ['tenant', ['tenant_id', 'started_at']], ['started', ['started_at']], ['ended', ['ended_at']]] as const) {
        await db.schema.createIndex(`ops_instances_${name}`).on('ops_instances').columns([...columns]).execute();
      }
      await db.schema.createTable('ops_elements')
        .addColumn('element_instance_key', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('element_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('bpmn_element_type', 'varchar(64)', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('job_key', 'varchar(32)')
        .addColumn('job_type', 'varchar(255)')
        .addColumn('retries', 'integer')
        .addColumn('error_message', 'text')
        .execute();
      await db.schema.createIndex('ops_elements_instance').on('ops_elements').columns(['process_instance_key', 'position']).execute();
      await db.schema.createTable('ops_variables')
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('name', 'varchar(255)', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('short_value', `varchar(${SHORT_VALUE_LENGTH})`)
        .addColumn('scope_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('ops_variables_pk', ['process_instance_key', 'name'])
        .execute();
      await db.schema.createIndex('ops_variables_value').on('ops_variables').columns(['name', 'short_value']).execute();
      await db.schema.createTable('ops_incidents')
        .addColumn('incident_key', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('bpmn_process_id', 'varchar(255)')
        .addColumn('tenant_id', 'varchar(64)')
        .addColumn('element_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('element_instance_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('job_key', 'varchar(32)')
        .addColumn('error_type', 'varchar(64)', (column) => column.notNull())
        .addColumn('error_message', 'text', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('resolved_at', 'bigint')
        .execute();
      await db.schema.createIndex('ops_incidents_state').on('ops_incidents').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('ops_incidents_instance').on('ops_incidents').columns(['process_instance_key', 'created_at']).execute();
      await db.schema.createTable('ops_audit_events')
        .addColumn('audit_offset', 'bigint', (column) => column.primaryKey())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('request_id', 'varchar(128)')
        .addColumn('client_id', 'varchar(255)')
        .addColumn('organisation_id', 'varchar(255)')
        .addColumn('consent_id', 'varchar(128)')
        .addColumn('payment_id', 'varchar(128)')
        .addColumn('psu_id', 'varchar(255)')
        .addColumn('method', 'varchar(16)', (column) => column.notNull())
        .addColumn('endpoint', 'varchar(512)', (column) => column.notNull())
        .addColumn('status', 'integer', (column) => column.notNull())
        .addColumn('error_code', 'varchar(64)')
        .addColumn('duration_ms', 'integer', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('ops_audit_events_at').on('ops_audit_events').columns(['at']).execute();
      await db.schema.createIndex('ops_audit_events_client').on('ops_audit_events').columns(['client_id', 'at']).execute();
      await db.schema.createTable('ops_positions')
        .addColumn('source', 'varchar(255)', (column) => column.notNull())
        .addColumn('partition_id', 'integer', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('ops_positions_pk', ['source', 'partition_id'])
        .execute();
    },
  },
  '0002_transfers': {
    async up(db: Kysely<unknown>) {
      // Instances applied before this migration have no row here: rebuild the view (streamer `rebuild()`) to fill them.
      const transfers = addPartyColumns(db.schema.createTable('ops_transfers')
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('bpmn_process_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('direction', 'varchar(8)', (column) => column.notNull())
        .addColumn('transaction_id', `varchar(${COLUMN_LENGTH.id})`)
        .addColumn('transfer_id', `varchar(${COLUMN_LENGTH.id})`)
        .addColumn('quote_id', `varchar(${COLUMN_LENGTH.id})`)
        .addColumn('transaction_request_id', `varchar(${COLUMN_LENGTH.id})`));
      await transfers
        .addColumn('payee_name_lower', `varchar(${COLUMN_LENGTH.name})`)
        .addColumn('amount', `varchar(${COLUMN_LENGTH.amount})`)
        .addColumn('currency', `varchar(${COLUMN_LENGTH.currency})`)
        .addColumn('amount_minor', 'bigint')
        .addColumn('currency_digits', 'integer')
        .addColumn('payer_fee', `varchar(${COLUMN_LENGTH.amount})`)
        .addColumn('payee_fee', `varchar(${COLUMN_LENGTH.amount})`)
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('incident', 'integer', (column) => column.notNull())
        .addColumn('error_code', `varchar(${COLUMN_LENGTH.errorCode})`)
        .addColumn('error_description', `varchar(${COLUMN_LENGTH.errorDescription})`)
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('completed_at', 'bigint')
        .addColumn('duration_ms', 'bigint')
        .execute();
      // The identifier indexes go on with the tenant and the start: an operator's search (of their tenants, newest
      // first) is then answered from one index, and SQLite's planner (no statistics) prefers it to walking all the
      // tenant's transfers in started_at order.
      for (const [name, columns] of [
        // Covers the dashboard figures of a tenant (counts, sums, durations) and the count of a payee-name search
        // (a substring: no index finds it, but scanning this index reads far less than scanning the rows).
        ['tenant', ['tenant_id', 'started_at', 'state', 'currency', 'amount_minor', 'duration_ms', 'payee_name_lower']],
        ['started', ['started_at']], ['state', ['state', 'started_at']], ['completed', ['completed_at']], ['state_completed', ['state', 'completed_at']],
        ['transaction', ['transaction_id', 'tenant_id', 'started_at']], ['transfer', ['transfer_id', 'tenant_id', 'started_at']],
        ['payer', ['payer_id_value', 'tenant_id', 'started_at']], ['payee', ['payee_id_value', 'tenant_id', 'started_at']],
        ['payee_fsp', ['payee_fsp_id', 'tenant_id', 'started_at']], ['amount', ['amount_minor']], ['currency_amount', ['currency', 'amount_minor']],
      ] as const) {
        await db.schema.createIndex(`ops_transfers_${name}`).on('ops_transfers').columns([...columns]).execute();
      }
      await addPartyColumns(db.schema.createTable('ops_transaction_requests')
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('bpmn_process_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('direction', 'varchar(8)', (column) => column.notNull())
        .addColumn('transaction_request_id', `varchar(${COLUMN_LENGTH.id})`)
        .addColumn('transaction_id', `varchar(${COLUMN_LENGTH.id})`))
        .addColumn('amount', `varchar(${COLUMN_LENGTH.amount})`)
        .addColumn('currency', `varchar(${COLUMN_LENGTH.currency})`)
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('incident', 'integer', (column) => column.notNull())
        .addColumn('error_code', `varchar(${COLUMN_LENGTH.errorCode})`)
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('completed_at', 'bigint')
        .execute();
      await db.schema.createIndex('ops_transaction_requests_tenant').on('ops_transaction_requests').columns(['tenant_id', 'started_at']).execute();
      await db.schema.createIndex('ops_transaction_requests_started').on('ops_transaction_requests').columns(['started_at']).execute();
      await db.schema.createIndex('ops_transaction_requests_id').on('ops_transaction_requests').columns(['transaction_request_id']).execute();
    },
  },
};
