// SPDX-License-Identifier: Apache-2.0
// The operations view on the shared SQL store (SQLite or PostgreSQL, portable Kysely only). A batch is
// applied and its position advanced in one transaction; records at or below the stored position are
// skipped, so a batch the event log delivers again (at least once) changes nothing. The position advance is
// conditional on the position read, so two writers racing on one source make the loser roll back and retry.
import { sql, type Kysely, type Transaction } from 'kysely';
import { ConflictError } from '../../../../platform/errors/index.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { ENGINE_RECORDS_TOPIC, type EngineRecord } from '../../../engine/records.js';
import type {
  ElementState, IncidentState, InstanceSearch, InstanceState, OperationsAuditEvent, OperationsElement, OperationsIncident,
  OperationsInstance, OperationsTransactionRequest, OperationsTransfer, OperationsVariable, OperationsView, TransferFigures, TransferSearch,
} from '../../operations-view.js';
import { BUSINESS_KEY_VARIABLES } from '../../operations-view.js';
import { EngineRecordBatch } from './apply-engine-record.js';
import { TransferProjection } from './apply-transfer-record.js';
import { findTransfer, searchTransactionRequests, searchTransfers, transferFigures } from './transfer-queries.js';
import { operationsViewMigrations, type AuditEventsTable, type ElementsTable, type IncidentsTable, type InstancesTable, type OperationsTables } from './tables.js';

/** The source name of audit events in `ops_positions` (their topic); engine records use ENGINE_RECORDS_TOPIC per partition. */
const AUDIT_SOURCE = 'gateway.audit';

type Trx = Transaction<OperationsTables>;

/** Opens the view on the shared database, bringing its tables up to date (migration context `operations_view`). */
export async function openSqlOperationsView(database: SqlDatabase): Promise<OperationsView> {
  await database.migrate('operations_view', operationsViewMigrations);
  return new SqlOperationsView(database.kysely<OperationsTables>());
}

class SqlOperationsView implements OperationsView {
  constructor(private readonly db: Kysely<OperationsTables>) {}

  async applyEngineRecords(records: readonly EngineRecord[]): Promise<void> {
    if (records.length === 0) return;
    const partitions = [...new Set(records.map((record) => record.partitionId))];
    await this.db.transaction().execute(async (trx) => {
      const batch = new EngineRecordBatch(trx);
      const transfers = new TransferProjection(trx);
      for (const partition of partitions) {
        const applied = await appliedPosition(trx, ENGINE_RECORDS_TOPIC, partition);
        const fresh = records.filter((record) => record.partitionId === partition && record.position > applied).sort((a, b) => a.position - b.position);
        for (const record of fresh) {
          await batch.apply(record);
          await transfers.apply(record);
        }
        if (fresh.length > 0) await advance(trx, ENGINE_RECORDS_TOPIC, partition, applied, fresh.at(-1)!.position);
      }
      // The transfers' fields are derived from ops_variables: the buffered writes go first.
      await batch.flush();
      await transfers.flush();
    });
  }

  async applyAuditEvents(events: readonly OperationsAuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const applied = await appliedPosition(trx, AUDIT_SOURCE, 0);
      const fresh = events.filter((event) => event.offset > applied);
      if (fresh.length === 0) return;
      await trx.insertInto('ops_audit_events').values(fresh.map(toAuditRow))
        .onConflict((conflict) => conflict.column('audit_offset').doNothing()).execute();
      await advance(trx, AUDIT_SOURCE, 0, applied, Math.max(...fresh.map((event) => event.offset)));
    });
  }

  async instance(processInstanceKey: string): Promise<OperationsInstance | undefined> {
    const row = await this.db.selectFrom('ops_instances').selectAll().where('process_instance_key', '=', processInstanceKey).executeTakeFirst();
    if (!row) return undefined;
    return (await this.#withBusinessKeys([row]))[0];
  }

  async tasks(processInstanceKey: string): Promise<OperationsElement[]> {
    const rows = await this.db.selectFrom('ops_elements').selectAll().where('process_instance_key', '=', processInstanceKey).orderBy('position').execute();
    return rows.map(toElement);
  }

  async variables(processInstanceKey: string): Promise<OperationsVariable[]> {
    const rows = await this.db.selectFrom('ops_variables').selectAll().where('process_instance_key', '=', processInstanceKey).orderBy('name').execute();
    return rows.map((row) => ({ name: row.name, value: JSON.parse(row.value) as unknown, scopeKey: row.scope_key, updatedAt: Number(row.updated_at) }));
  }

  async incidents(query: { state?: IncidentState; processInstanceKey?: string; limit: number }): Promise<OperationsIncident[]> {
    let select = this.db.selectFrom('ops_incidents').selectAll();
    if (query.state) select = select.where('state', '=', query.state);
    if (query.processInstanceKey) select = select.where('process_instance_key', '=', query.processInstanceKey);
    const rows = await select.orderBy('created_at', 'desc').orderBy('incident_key', 'desc').limit(query.limit).execute();
    return rows.map(toIncident);
  }

  async searchInstances(query: InstanceSearch): Promise<OperationsInstance[]> {
    let select = this.db.selectFrom('ops_instances').selectAll('ops_instances');
    if (query.bpmnProcessId !== undefined) select = select.where('bpmn_process_id', '=', query.bpmnProcessId);
    if (query.state !== undefined) select = select.where('state', '=', query.state);
    if (query.tenantId !== undefined) select = select.where('tenant_id', '=', query.tenantId);
    if (query.from !== undefined) select = select.where('started_at', '>=', query.from);
    if (query.to !== undefined) select = select.where('started_at', '<', query.to);
    const { variable } = query;
    if (variable) {
      select = select.where((eb) => eb.exists(eb.selectFrom('ops_variables').select('ops_variables.name')
        .whereRef('ops_variables.process_instance_key', '=', 'ops_instances.process_instance_key')
        .where('ops_variables.name', '=', variable.name)
        .where('ops_variables.short_value', '=', JSON.stringify(variable.value ?? null))));
    }
    const { by, direction } = query.order ?? { by: 'startedAt', direction: 'desc' };
    if (by === 'endedAt') {
      // Running instances last in either direction (SQLite and PostgreSQL sort NULLs differently).
      select = select.orderBy(sql`case when ended_at is null then 1 else 0 end`).orderBy('ended_at', direction);
    } else {
      select = select.orderBy('started_at', direction);
    }
    const rows = await select.orderBy('process_instance_key', direction).limit(query.limit).offset(query.offset ?? 0).execute();
    return this.#withBusinessKeys(rows);
  }

  async auditEvents(query: { clientId?: string; from?: number; to?: number; limit: number }): Promise<OperationsAuditEvent[]> {
    let select = this.db.selectFrom('ops_audit_events').selectAll();
    if (query.clientId !== undefined) select = select.where('client_id', '=', query.clientId);
    if (query.from !== undefined) select = select.where('at', '>=', query.from);
    if (query.to !== undefined) select = select.where('at', '<', query.to);
    const rows = await select.orderBy('at', 'desc').orderBy('audit_offset', 'desc').limit(query.limit).execute();
    return rows.map(toAuditEvent);
  }

  transfer(processInstanceKey: string): Promise<OperationsTransfer | undefined> {
    return findTransfer(this.db, processInstanceKey);
  }

  searchTransfers(query: TransferSearch): Promise<{ items: OperationsTransfer[]; total: number }> {
    return searchTransfers(this.db, query);
  }

  transferFigures(query: { tenantIds?: readonly string[]; from?: number; to?: number }): Promise<TransferFigures> {
    return transferFigures(this.db, query);
  }

  searchTransactionRequests(query: { tenantIds?: readonly string[]; transactionRequestId?: string; limit: number; offset?: number }): Promise<{ items: OperationsTransactionRequest[]; total: number }> {
    return searchTransactionRequests(this.db, query);
  }

  async reset(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ['ops_transfers', 'ops_transaction_requests', 'ops_instances', 'ops_elements', 'ops_variables', 'ops_incidents', 'ops_audit_events', 'ops_positions'] as const) {
        await trx.deleteFrom(table).execute();
      }
    });
  }

  async #withBusinessKeys(rows: InstancesTable[]): Promise<OperationsInstance[]> {
    if (rows.length === 0) return [];
    const variables = await this.db.selectFrom('ops_variables').select(['process_instance_key', 'name', 'value'])
      .where('process_instance_key', 'in', rows.map((row) => row.process_instance_key))
      .where('name', 'in', [...BUSINESS_KEY_VARIABLES]).execute();
    return rows.map((row) => {
      const instance = toInstance(row);
      for (const variable of variables) {
        if (variable.process_instance_key !== row.process_instance_key) continue;
        const value = JSON.parse(variable.value) as unknown;
        if (typeof value === 'string' || typeof value === 'number') instance[variable.name as (typeof BUSINESS_KEY_VARIABLES)[number]] = String(value);
      }
      return instance;
    });
  }
}

/** The last applied position of a source, -1 when none; gives the source its row so the advance only ever updates. */
async function appliedPosition(trx: Trx, source: string, partition: number): Promise<number> {
  await trx.insertInto('ops_positions').values({ source, partition_id: partition, position: -1 })
    .onConflict((conflict) => conflict.columns(['source', 'partition_id']).doNothing()).execute();
  const row = await trx.selectFrom('ops_positions').select('position').where('source', '=', source).where('partition_id', '=', partition).executeTakeFirstOrThrow();
  return Number(row.position);
}

async function advance(trx: Trx, source: string, partition: number, from: number, to: number): Promise<void> {
  const result = await trx.updateTable('ops_positions').set({ position: to })
    .where('source', '=', source).where('partition_id', '=', partition).where('position', '=', from).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ConflictError(`operations view: ${source}/${partition} moved past ${from} meanwhile; the batch is applied again`);
}

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function toInstance(row: InstancesTable): OperationsInstance {
  const endedAt = optional(row.ended_at);
  const parent = optional(row.parent_process_instance_key);
  return {
    processInstanceKey: row.process_instance_key, bpmnProcessId: row.bpmn_process_id, version: Number(row.version), tenantId: row.tenant_id,
    state: row.state as InstanceState, startedAt: Number(row.started_at),
    ...(endedAt !== undefined && { endedAt: Number(endedAt) }), ...(parent !== undefined && { parentProcessInstanceKey: parent }),
  };
}

function toElement(row: ElementsTable): OperationsElement {
  const startedAt = Number(row.started_at);
  const endedAt = row.ended_at === null ? undefined : Number(row.ended_at);
  return {
    elementInstanceKey: row.element_instance_key, elementId: row.element_id, bpmnElementType: row.bpmn_element_type,
    state: row.state as ElementState, startedAt,
    ...(endedAt !== undefined && { endedAt, durationMs: endedAt - startedAt }),
    ...(row.job_key !== null && { jobKey: row.job_key }),
    ...(row.job_type !== null && { jobType: row.job_type }),
    ...(row.retries !== null && { retries: Number(row.retries) }),
    ...(row.error_message !== null && { errorMessage: row.error_message }),
  };
}

function toIncident(row: IncidentsTable): OperationsIncident {
  return {
    incidentKey: row.incident_key, processInstanceKey: row.process_instance_key,
    ...(row.bpmn_process_id !== null && { bpmnProcessId: row.bpmn_process_id }), ...(row.tenant_id !== null && { tenantId: row.tenant_id }),
    elementId: row.element_id, elementInstanceKey: row.element_instance_key, ...(row.job_key !== null && { jobKey: row.job_key }),
    errorType: row.error_type, errorMessage: row.error_message, state: row.state as IncidentState, createdAt: Number(row.created_at),
    ...(row.resolved_at !== null && { resolvedAt: Number(row.resolved_at) }),
  };
}

function toAuditRow(event: OperationsAuditEvent): AuditEventsTable {
  return {
    audit_offset: event.offset, at: event.at, request_id: event.requestId ?? null, client_id: event.clientId ?? null,
    organisation_id: event.organisationId ?? null, consent_id: event.consentId ?? null, payment_id: event.paymentId ?? null,
    psu_id: event.psuId ?? null, method: event.method, endpoint: event.endpoint, status: event.status,
    error_code: event.errorCode ?? null, duration_ms: Math.round(event.durationMs),
  };
}

function toAuditEvent(row: AuditEventsTable): OperationsAuditEvent {
  const event: OperationsAuditEvent = {
    offset: Number(row.audit_offset), at: Number(row.at), method: row.method, endpoint: row.endpoint, status: Number(row.status), durationMs: Number(row.duration_ms),
  };
  for (const [field, column] of [['requestId', 'request_id'], ['clientId', 'client_id'], ['organisationId', 'organisation_id'], ['consentId', 'consent_id'], ['paymentId', 'payment_id'], ['psuId', 'psu_id'], ['errorCode', 'error_code']] as const) {
    const value = row[column];
    if (value !== null) event[field] = value;
  }
  return event;
}
