// SPDX-License-Identifier: Apache-2.0
// Operator actions on the shared SQL store (portable Kysely: SQLite and PostgreSQL). A decision is a conditional
// update on the status, so two supervisors approving at once execute the action once.
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { ActionQuery, ActionStatus, OperatorAction, OperatorActionName, OperatorActionStore } from '../../operator-action.js';

interface ActionsTable {
  action_id: string;
  action: string;
  tenant_id: string;
  approver_tenant_id: string;
  process_instance_key: string;
  transfer_id: string | null;
  reason: string;
  variables_json: string | null;
  requested_by: string;
  requested_at: number;
  status: string;
  decided_by: string | null;
  decided_at: number | null;
  decision_reason: string | null;
  before_json: string | null;
  after_json: string | null;
  result_json: string | null;
  error: string | null;
}

interface Tables {
  ops_actions: ActionsTable;
}

const migrations: Record<string, Migration> = {
  '0001_operator_actions': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('ops_actions')
        .addColumn('action_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('action', 'varchar(32)', (column) => column.notNull())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('approver_tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('process_instance_key', 'varchar(32)', (column) => column.notNull())
        .addColumn('transfer_id', 'varchar(64)')
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('variables_json', 'text')
        .addColumn('requested_by', 'varchar(255)', (column) => column.notNull())
        .addColumn('requested_at', 'bigint', (column) => column.notNull())
        .addColumn('status', 'varchar(32)', (column) => column.notNull())
        .addColumn('decided_by', 'varchar(255)')
        .addColumn('decided_at', 'bigint')
        .addColumn('decision_reason', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('result_json', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('ops_actions_status').on('ops_actions').columns(['status', 'requested_at']).execute();
      await db.schema.createIndex('ops_actions_instance').on('ops_actions').columns(['process_instance_key', 'requested_at']).execute();
    },
  },
};

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const parsed = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

function toRow(action: OperatorAction): ActionsTable {
  return {
    action_id: action.actionId, action: action.action, tenant_id: action.tenantId, approver_tenant_id: action.approverTenantId,
    process_instance_key: action.processInstanceKey, transfer_id: action.transferId ?? null, reason: action.reason,
    variables_json: json(action.variables), requested_by: action.requestedBy, requested_at: action.requestedAt, status: action.status,
    decided_by: action.decidedBy ?? null, decided_at: action.decidedAt ?? null, decision_reason: action.decisionReason ?? null,
    before_json: json(action.before), after_json: json(action.after), result_json: json(action.result), error: action.error ?? null,
  };
}

function fromRow(row: ActionsTable): OperatorAction {
  const optional = <K extends string, V>(key: K, value: V | null | undefined) => (value === null || value === undefined ? {} : { [key]: value } as Record<K, V>);
  return {
    actionId: row.action_id, action: row.action as OperatorActionName, tenantId: row.tenant_id, approverTenantId: row.approver_tenant_id,
    processInstanceKey: row.process_instance_key, reason: row.reason, requestedBy: row.requested_by, requestedAt: Number(row.requested_at),
    status: row.status as ActionStatus,
    ...optional('transferId', row.transfer_id),
    ...optional('variables', parsed(row.variables_json) as Record<string, unknown> | undefined),
    ...optional('decidedBy', row.decided_by),
    ...optional('decidedAt', row.decided_at === null ? null : Number(row.decided_at)),
    ...optional('decisionReason', row.decision_reason),
    ...optional('before', parsed(row.before_json)),
    ...optional('after', parsed(row.after_json)),
    ...optional('result', parsed(row.result_json) as OperatorAction['result']),
    ...optional('error', row.error),
  };
}

/** Opens the store on the shared database, bringing its table up to date. */
export async function openSqlOperatorActionStore(database: SqlDatabase): Promise<OperatorActionStore> {
  await database.migrate('operator_actions', migrations);
  const db = database.kysely<Tables>();
  const get = async (actionId: string) => {
    const row = await db.selectFrom('ops_actions').selectAll().where('action_id', '=', actionId).executeTakeFirst();
    return row && fromRow(row);
  };
  return {
    get,
    async create(action) {
      await db.insertInto('ops_actions').values(toRow(action)).execute();
    },
    async list(query: ActionQuery) {
      if (query.tenantIds.length === 0) return { items: [], total: 0 };
      let select = db.selectFrom('ops_actions')
        .where((eb) => eb.or([eb('tenant_id', 'in', [...query.tenantIds]), eb('approver_tenant_id', 'in', [...query.tenantIds])]));
      if (query.status) select = select.where('status', '=', query.status);
      if (query.processInstanceKey) select = select.where('process_instance_key', '=', query.processInstanceKey);
      if (query.transferId) select = select.where('transfer_id', '=', query.transferId);
      const [rows, count] = await Promise.all([
        select.selectAll().orderBy('requested_at', 'desc').orderBy('action_id').limit(query.limit).offset(query.offset ?? 0).execute(),
        select.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst(),
      ]);
      return { items: rows.map(fromRow), total: Number(count?.total ?? 0) };
    },
    async transition(actionId, from, patch) {
      const current = await get(actionId);
      if (!current) return false;
      const row = toRow({ ...current, ...patch });
      const { action_id: _id, ...changes } = row;
      const result = await db.updateTable('ops_actions').set(changes).where('action_id', '=', actionId).where('status', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async unfinished() {
      return (await db.selectFrom('ops_actions').selectAll().where('status', '=', 'APPROVED').orderBy('requested_at').execute()).map(fromRow);
    },
  };
}
