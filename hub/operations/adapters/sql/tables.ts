// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';

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

export interface OperationsTables {
  ops_instances: InstancesTable;
  ops_elements: ElementsTable;
  ops_variables: VariablesTable;
  ops_incidents: IncidentsTable;
  ops_audit_events: AuditEventsTable;
  ops_positions: PositionsTable;
}

export const SHORT_VALUE_LENGTH = 200;

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
};
