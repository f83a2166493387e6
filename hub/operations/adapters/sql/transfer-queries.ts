// SPDX-License-Identifier: Apache-2.0
// The transfer and transaction-request queries of the SQL operations view (portable Kysely: SQLite and
// PostgreSQL). Amounts are compared and summed in minor units (bigint columns), never as floats; a sum comes
// back as text and is formatted with all the currency's minor digits (`0.30`), as on a statement.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { ValidationError } from '../../../../platform/errors/index.js';
import { formatMinorUnits, minorUnitsOf } from '../../../../platform/money/index.js';
import type {
  OperationsParty, OperationsTransactionRequest, OperationsTransfer, TransferDirection, TransferFigures, TransferSearch, TransferState,
} from '../../operations-view.js';
import type { OperationsTables, TransactionRequestsTable, TransfersTable } from './tables.js';

type Db = Kysely<OperationsTables>;
type TransferSelect<O> = SelectQueryBuilder<OperationsTables, 'ops_transfers', O>;

const TRANSFER_STATES: readonly TransferState[] = ['IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'];
const PERCENTILES = { p50: 50, p90: 90, p99: 99 } as const;
const SORT_COLUMNS = { startedAt: 'started_at', completedAt: 'completed_at', amount: 'amount_minor', transactionId: 'transaction_id' } as const;

export async function findTransfer(db: Db, processInstanceKey: string): Promise<OperationsTransfer | undefined> {
  const row = await db.selectFrom('ops_transfers').selectAll().where('process_instance_key', '=', processInstanceKey).executeTakeFirst();
  return row && toTransfer(row);
}

export async function searchTransfers(db: Db, query: TransferSearch): Promise<{ items: OperationsTransfer[]; total: number }> {
  if (query.tenantIds?.length === 0) return { items: [], total: 0 };
  const filtered = <O>(select: TransferSelect<O>) => whereTransfer(select, query);
  const counted = await filtered(db.selectFrom('ops_transfers').select((eb) => eb.fn.countAll<number | string>().as('total'))).executeTakeFirstOrThrow();
  const { by, direction } = query.sort ?? { by: 'startedAt', direction: 'desc' };
  // Rows without the sort value (not ended, no amount yet) come last in both directions.
  const rows = await filtered(db.selectFrom('ops_transfers').selectAll())
    .orderBy(SORT_COLUMNS[by], (order) => order[direction]().nullsLast())
    .orderBy('process_instance_key', direction)
    .limit(query.limit).offset(query.offset ?? 0).execute();
  return { items: rows.map(toTransfer), total: Number(counted.total) };
}

function whereTransfer<O>(select: TransferSelect<O>, query: TransferSearch): TransferSelect<O> {
  let where = select;
  if (query.tenantIds !== undefined) where = where.where('tenant_id', 'in', [...query.tenantIds]);
  if (query.direction !== undefined) where = where.where('direction', '=', query.direction);
  if (query.state !== undefined) where = where.where('state', '=', query.state);
  if (query.incident !== undefined) where = where.where('incident', '=', query.incident ? 1 : 0);
  for (const [field, column] of [
    ['transactionId', 'transaction_id'], ['transferId', 'transfer_id'], ['payerId', 'payer_id_value'], ['payeeId', 'payee_id_value'],
    ['payeeFspId', 'payee_fsp_id'], ['currency', 'currency'],
  ] as const) {
    const value = query[field];
    if (value !== undefined) where = where.where(column, '=', value);
  }
  if (query.payeeName !== undefined) {
    // `!` escapes LIKE's wildcards in the operator's text; the column holds the lower-cased name.
    const pattern = `%${query.payeeName.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;
    where = where.where(sql<boolean>`payee_name_lower like ${pattern} escape '!'`);
  }
  if (query.amountMin !== undefined || query.amountMax !== undefined) where = whereAmount(where, query);
  if (query.startedFrom !== undefined) where = where.where('started_at', '>=', query.startedFrom);
  if (query.startedTo !== undefined) where = where.where('started_at', '<', query.startedTo);
  if (query.completedFrom !== undefined) where = where.where('completed_at', '>=', query.completedFrom);
  if (query.completedTo !== undefined) where = where.where('completed_at', '<', query.completedTo);
  return where;
}

/**
 * Inclusive bounds in minor units: of the given currency, or else of each row's own currency (one condition per
 * count of minor digits, 0 to 4). A bound finer than the currency rounds inwards (min up, max down).
 */
function whereAmount<O>(select: TransferSelect<O>, query: TransferSearch): TransferSelect<O> {
  const digitsList = query.currency !== undefined ? [minorUnitsOf(query.currency)] : [0, 1, 2, 3, 4];
  return select.where((eb) => eb.or(digitsList.map((digits) => {
    const conditions = query.currency !== undefined ? [] : [eb('currency_digits', '=', digits)];
    if (query.amountMin !== undefined) conditions.push(eb('amount_minor', '>=', boundInMinorUnits(query.amountMin, digits, 'up', 'amountMin')));
    if (query.amountMax !== undefined) conditions.push(eb('amount_minor', '<=', boundInMinorUnits(query.amountMax, digits, 'down', 'amountMax')));
    return eb.and(conditions);
  })));
}

const AMOUNT_BOUND = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
/** Minor units beyond this are never stored (amount_minor is null then); a bound is clamped to it. */
const LARGEST = BigInt(Number.MAX_SAFE_INTEGER) + 1n;

function boundInMinorUnits(amount: string, digits: number, rounding: 'up' | 'down', path: string): number {
  const match = AMOUNT_BOUND.exec(amount);
  if (!match) throw new ValidationError(`${amount} is not a decimal amount`, { path });
  const fraction = match[2] ?? '';
  let minor = BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  if (rounding === 'up' && /[1-9]/.test(fraction.slice(digits))) minor += 1n;
  return Number(minor > LARGEST ? LARGEST : minor);
}

export async function transferFigures(db: Db, query: { tenantIds?: readonly string[]; from?: number; to?: number }): Promise<TransferFigures> {
  if (query.tenantIds?.length === 0) return { total: 0, byState: [], successRate: null, latencyMs: null, failuresByErrorCode: [] };
  const scoped = <O>(select: TransferSelect<O>) => {
    let where = select;
    if (query.tenantIds !== undefined) where = where.where('tenant_id', 'in', [...query.tenantIds]);
    if (query.from !== undefined) where = where.where('started_at', '>=', query.from);
    if (query.to !== undefined) where = where.where('started_at', '<', query.to);
    return where;
  };
  const groups = await scoped(db.selectFrom('ops_transfers'))
    .select((eb) => ['state', 'currency', eb.fn.countAll<number | string>().as('count'), sql<string | null>`cast(sum(amount_minor) as text)`.as('minor')])
    .groupBy(['state', 'currency']).execute();
  const byState = TRANSFER_STATES.flatMap((state) => {
    const rows = groups.filter((row) => row.state === state);
    if (rows.length === 0) return [];
    const amounts = rows.filter((row) => row.currency !== null && row.minor !== null)
      .map((row) => ({ currency: row.currency!, amount: formatMinorUnits(BigInt(row.minor!), row.currency!) }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
    return [{ state, count: rows.reduce((sum, row) => sum + Number(row.count), 0), amounts }];
  });
  const count = (state: TransferState) => byState.find((entry) => entry.state === state)?.count ?? 0;
  const ended = count('COMPLETED') + count('FAILED') + count('CANCELLED');
  const failures = await scoped(db.selectFrom('ops_transfers'))
    .select((eb) => [eb.fn.coalesce('error_code', sql.lit('unknown')).as('error_code'), eb.fn.countAll<number | string>().as('count')])
    .where('state', '=', 'FAILED').groupBy(sql`coalesce(error_code, ${sql.lit('unknown')})`).execute();
  return {
    total: byState.reduce((sum, entry) => sum + entry.count, 0),
    byState,
    successRate: ended === 0 ? null : count('COMPLETED') / ended,
    latencyMs: await latency(db, scoped),
    failuresByErrorCode: failures.map((row) => ({ errorCode: String(row.error_code), count: Number(row.count) }))
      .sort((a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode)),
  };
}

/**
 * Nearest-rank percentiles of the completed transfers' durations: the value at rank ⌈p/100 × n⌉. The durations
 * are sorted here rather than in SQL, so the database may answer from the tenant's index without a sort.
 */
async function latency(db: Db, scoped: <O>(select: TransferSelect<O>) => TransferSelect<O>): Promise<TransferFigures['latencyMs']> {
  const rows = await scoped(db.selectFrom('ops_transfers').select('duration_ms')).where('state', '=', 'COMPLETED').where('duration_ms', 'is not', null).execute();
  if (rows.length === 0) return null;
  const durations = Float64Array.from(rows, (row) => Number(row.duration_ms)).sort();
  const at = (percentile: number) => durations[Math.ceil((percentile / 100) * durations.length) - 1]!;
  return { p50: at(PERCENTILES.p50), p90: at(PERCENTILES.p90), p99: at(PERCENTILES.p99) };
}

export async function searchTransactionRequests(db: Db, query: { tenantIds?: readonly string[]; transactionRequestId?: string; limit: number; offset?: number }): Promise<{ items: OperationsTransactionRequest[]; total: number }> {
  if (query.tenantIds?.length === 0) return { items: [], total: 0 };
  const filtered = <O>(select: SelectQueryBuilder<OperationsTables, 'ops_transaction_requests', O>) => {
    let where = select;
    if (query.tenantIds !== undefined) where = where.where('tenant_id', 'in', [...query.tenantIds]);
    if (query.transactionRequestId !== undefined) where = where.where('transaction_request_id', '=', query.transactionRequestId);
    return where;
  };
  const counted = await filtered(db.selectFrom('ops_transaction_requests').select((eb) => eb.fn.countAll<number | string>().as('total'))).executeTakeFirstOrThrow();
  const rows = await filtered(db.selectFrom('ops_transaction_requests').selectAll())
    .orderBy('started_at', 'desc').orderBy('process_instance_key', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
  return { items: rows.map(toTransactionRequest), total: Number(counted.total) };
}

type PartyRow = Pick<TransfersTable, `${'payer' | 'payee'}_${'id_type' | 'id_value' | 'fsp_id' | 'name' | 'account_id'}`>;

function party(row: PartyRow, side: 'payer' | 'payee'): OperationsParty {
  const result: OperationsParty = {};
  for (const [field, column] of [['idType', 'id_type'], ['idValue', 'id_value'], ['fspId', 'fsp_id'], ['name', 'name'], ['accountId', 'account_id']] as const) {
    const value = row[`${side}_${column}`];
    if (value !== null) result[field] = value;
  }
  return result;
}

/** The row's optional text columns as the fields that are set. */
function present<F extends string>(pairs: readonly (readonly [F, string | null])[]): Partial<Record<F, string>> {
  return Object.fromEntries(pairs.filter(([, value]) => value !== null)) as Partial<Record<F, string>>;
}

function toTransfer(row: TransfersTable): OperationsTransfer {
  return {
    processInstanceKey: row.process_instance_key, bpmnProcessId: row.bpmn_process_id, version: Number(row.version), tenantId: row.tenant_id,
    direction: row.direction as TransferDirection,
    ...present([['transactionId', row.transaction_id], ['transferId', row.transfer_id], ['quoteId', row.quote_id], ['transactionRequestId', row.transaction_request_id]]),
    payer: party(row, 'payer'), payee: party(row, 'payee'),
    ...present([['amount', row.amount], ['currency', row.currency], ['payerFee', row.payer_fee], ['payeeFee', row.payee_fee]]),
    state: row.state as TransferState, incident: Number(row.incident) === 1,
    ...present([['errorCode', row.error_code], ['errorDescription', row.error_description]]),
    startedAt: Number(row.started_at),
    ...(row.completed_at !== null && { completedAt: Number(row.completed_at) }),
  };
}

function toTransactionRequest(row: TransactionRequestsTable): OperationsTransactionRequest {
  return {
    processInstanceKey: row.process_instance_key, bpmnProcessId: row.bpmn_process_id, tenantId: row.tenant_id,
    direction: row.direction as OperationsTransactionRequest['direction'],
    ...present([['transactionRequestId', row.transaction_request_id], ['transactionId', row.transaction_id]]),
    payer: party(row, 'payer'), payee: party(row, 'payee'),
    ...present([['amount', row.amount], ['currency', row.currency]]),
    state: row.state as TransferState, incident: Number(row.incident) === 1,
    ...present([['errorCode', row.error_code]]),
    startedAt: Number(row.started_at),
    ...(row.completed_at !== null && { completedAt: Number(row.completed_at) }),
  };
}
