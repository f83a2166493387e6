// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import type {
  PaymentStore, QuoteRecord, RegistrationRecord, TransactionRequestDirection, TransactionRequestPatch, TransactionRequestRecord,
  TransferDirection, TransferPatch, TransferRecord, TransferStatus,
} from '../../payment-records.js';
import { PAYMENT_MIGRATIONS } from './migrations.js';

interface TransferRow {
  tenant_id: string; transfer_id: string; direction: string; transaction_id: string; quote_id: string | null;
  transaction_request_id: string | null; status: string; stage: string | null; payer: string; payee: string;
  amount: string; currency: string; payer_fee: string | null; payee_fee: string | null; note: string | null;
  error_code: string | null; error_description: string | null; process_instance_key: string | null;
  client_id: string | null; idempotency_key: string | null; request_hash: string; prepare: string | null;
  result: string | null; created_at: number; updated_at: number; completed_at: number | null;
}

interface QuoteRow {
  tenant_id: string; quote_id: string; transaction_id: string; transaction_request_id: string | null;
  request_hash: string; request: string; result: string | null; created_at: number;
}

interface TransactionRequestRow {
  tenant_id: string; transaction_request_id: string; direction: string; status: string; payer: string; payee: string;
  amount: string; currency: string; note: string | null; transaction_id: string | null; error_code: string | null;
  error_description: string | null; process_instance_key: string | null; client_id: string | null;
  idempotency_key: string | null; request_hash: string; created_at: number; updated_at: number;
}

interface RegistrationRow {
  tenant_id: string; registration_id: string; id_type: string; id_value: string; account_id: string; status: string;
  error_code: string | null; error_description: string | null; process_instance_key: string | null; created_at: number; updated_at: number;
}

export interface PaymentTables {
  hub_transfers: TransferRow;
  hub_quotes: QuoteRow;
  hub_transaction_requests: TransactionRequestRow;
  hub_registrations: RegistrationRow;
  hub_pending_lookups: { lookup_key: string; lookup_id: string; created_at: number };
}

const FINAL: readonly string[] = ['COMPLETED', 'FAILED'];
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const parsed = <T>(value: string | null): T | undefined => (value === null ? undefined : (JSON.parse(value) as T));
const optional = <K extends string, V>(key: K, value: V | null | undefined) => (value === null || value === undefined ? {} : { [key]: value } as Record<K, V>);

function transferFromRow(row: TransferRow): TransferRecord {
  return {
    tenantId: row.tenant_id, transferId: row.transfer_id, direction: row.direction as TransferDirection,
    transactionId: row.transaction_id, status: row.status as TransferStatus,
    payer: JSON.parse(row.payer), payee: JSON.parse(row.payee), amount: row.amount, currency: row.currency,
    requestHash: row.request_hash, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
    ...optional('quoteId', row.quote_id), ...optional('transactionRequestId', row.transaction_request_id),
    ...optional('stage', row.stage), ...optional('payerFee', row.payer_fee), ...optional('payeeFee', row.payee_fee),
    ...optional('note', row.note), ...optional('errorCode', row.error_code), ...optional('errorDescription', row.error_description),
    ...optional('processInstanceKey', row.process_instance_key), ...optional('clientId', row.client_id),
    ...optional('idempotencyKey', row.idempotency_key), ...optional('prepare', parsed(row.prepare)),
    ...optional('result', parsed<{ path: string; body: unknown }>(row.result)),
    ...optional('completedAt', row.completed_at === null ? null : Number(row.completed_at)),
  };
}

function transactionRequestFromRow(row: TransactionRequestRow): TransactionRequestRecord {
  return {
    tenantId: row.tenant_id, transactionRequestId: row.transaction_request_id, direction: row.direction as TransactionRequestDirection,
    status: row.status as TransactionRequestRecord['status'], payer: JSON.parse(row.payer), payee: JSON.parse(row.payee),
    amount: row.amount, currency: row.currency, requestHash: row.request_hash,
    createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
    ...optional('note', row.note), ...optional('transactionId', row.transaction_id), ...optional('errorCode', row.error_code),
    ...optional('errorDescription', row.error_description), ...optional('processInstanceKey', row.process_instance_key),
    ...optional('clientId', row.client_id), ...optional('idempotencyKey', row.idempotency_key),
  };
}

/** Opens the hub's payment records on the shared database, bringing its tables up to date. */
export async function openSqlPaymentStore(database: SqlDatabase): Promise<PaymentStore> {
  await database.migrate('hub_payments', PAYMENT_MIGRATIONS);
  return new SqlPaymentStore(database.kysely<PaymentTables>());
}

class SqlPaymentStore implements PaymentStore {
  constructor(private readonly db: Kysely<PaymentTables>) {}

  async createTransfer(record: TransferRecord) {
    const result = await this.db.insertInto('hub_transfers').values({
      tenant_id: record.tenantId, transfer_id: record.transferId, direction: record.direction, transaction_id: record.transactionId,
      quote_id: record.quoteId ?? null, transaction_request_id: record.transactionRequestId ?? null, status: record.status,
      stage: record.stage ?? null, payer: JSON.stringify(record.payer), payee: JSON.stringify(record.payee), amount: record.amount,
      currency: record.currency, payer_fee: record.payerFee ?? null, payee_fee: record.payeeFee ?? null, note: record.note ?? null,
      error_code: record.errorCode ?? null, error_description: record.errorDescription ?? null,
      process_instance_key: record.processInstanceKey ?? null, client_id: record.clientId ?? null,
      idempotency_key: record.idempotencyKey ?? null, request_hash: record.requestHash, prepare: json(record.prepare),
      result: json(record.result), created_at: record.createdAt, updated_at: record.updatedAt, completed_at: record.completedAt ?? null,
    }).onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1) return { created: true, record };
    // Either key may have matched: the transfer's own id, or the channel client's idempotency key.
    const existing = (await this.transfer(record.tenantId, record.transferId, record.direction))
      ?? (record.idempotencyKey && record.clientId ? await this.byIdempotencyKey(record.tenantId, record.clientId, record.idempotencyKey) : undefined);
    if (!existing) throw new Error(`transfer ${record.transferId} neither inserted nor found`);
    return { created: false, record: existing };
  }

  private async byIdempotencyKey(tenantId: string, clientId: string, key: string) {
    const row = await this.db.selectFrom('hub_transfers').selectAll()
      .where('tenant_id', '=', tenantId).where('client_id', '=', clientId).where('idempotency_key', '=', key).executeTakeFirst();
    return row && transferFromRow(row);
  }

  async transfer(tenantId: string, transferId: string, direction: TransferDirection) {
    const row = await this.db.selectFrom('hub_transfers').selectAll()
      .where('tenant_id', '=', tenantId).where('transfer_id', '=', transferId).where('direction', '=', direction).executeTakeFirst();
    return row && transferFromRow(row);
  }

  async transferByTransaction(tenantId: string, transactionId: string, direction: TransferDirection) {
    const row = await this.db.selectFrom('hub_transfers').selectAll()
      .where('tenant_id', '=', tenantId).where('transaction_id', '=', transactionId).where('direction', '=', direction).executeTakeFirst();
    return row && transferFromRow(row);
  }

  async updateTransfer(tenantId: string, transferId: string, direction: TransferDirection, patch: TransferPatch, options: { reversal?: boolean } = {}) {
    const values: Partial<TransferRow> = { updated_at: Date.now() };
    if (patch.status) values.status = patch.status;
    if (patch.stage) values.stage = patch.stage;
    if (patch.payer) values.payer = JSON.stringify(patch.payer);
    if (patch.payee) values.payee = JSON.stringify(patch.payee);
    if (patch.payerFee !== undefined) values.payer_fee = patch.payerFee;
    if (patch.payeeFee !== undefined) values.payee_fee = patch.payeeFee;
    if (patch.errorCode !== undefined) values.error_code = patch.errorCode;
    if (patch.errorDescription !== undefined) values.error_description = patch.errorDescription.slice(0, 256);
    if (patch.processInstanceKey !== undefined) values.process_instance_key = patch.processInstanceKey;
    if (patch.prepare !== undefined) values.prepare = JSON.stringify(patch.prepare);
    if (patch.result !== undefined) values.result = JSON.stringify(patch.result);
    if (patch.completedAt !== undefined) values.completed_at = patch.completedAt;
    if (patch.quoteId !== undefined) values.quote_id = patch.quoteId;
    let query = this.db.updateTable('hub_transfers').set(values)
      .where('tenant_id', '=', tenantId).where('transfer_id', '=', transferId).where('direction', '=', direction);
    // A final status is final: a late or repeated step never turns COMPLETED into FAILED or back to IN_PROGRESS.
    if (patch.status && options.reversal) query = query.where('status', '!=', 'FAILED');
    else if (patch.status) query = query.where('status', 'not in', FINAL);
    await query.execute();
  }

  async claimReversal(tenantId: string, transferId: string) {
    const result = await this.db.updateTable('hub_transfers').set({ stage: 'REVERSING', updated_at: Date.now() })
      .where('tenant_id', '=', tenantId).where('transfer_id', '=', transferId).where('direction', '=', 'INBOUND')
      .where('stage', 'in', ['DEPOSITED', 'COMPLETED']).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async unstartedTransfers(olderThan: number) {
    const rows = await this.db.selectFrom('hub_transfers').selectAll()
      .where('status', '=', 'RECEIVED').where('created_at', '<', olderThan).orderBy('created_at').limit(1000).execute();
    return rows.map(transferFromRow);
  }

  async createQuote(record: QuoteRecord) {
    const result = await this.db.insertInto('hub_quotes').values({
      tenant_id: record.tenantId, quote_id: record.quoteId, transaction_id: record.transactionId,
      transaction_request_id: record.transactionRequestId ?? null, request_hash: record.requestHash,
      request: JSON.stringify(record.request), result: json(record.result), created_at: record.createdAt,
    }).onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1) return { created: true, record };
    return { created: false, record: (await this.quote(record.tenantId, record.quoteId))! };
  }

  async quote(tenantId: string, quoteId: string) {
    const row = await this.db.selectFrom('hub_quotes').selectAll().where('tenant_id', '=', tenantId).where('quote_id', '=', quoteId).executeTakeFirst();
    if (!row) return undefined;
    return {
      tenantId: row.tenant_id, quoteId: row.quote_id, transactionId: row.transaction_id, requestHash: row.request_hash,
      request: JSON.parse(row.request), createdAt: Number(row.created_at),
      ...optional('transactionRequestId', row.transaction_request_id), ...optional('result', parsed<{ path: string; body: unknown }>(row.result)),
    };
  }

  async setQuoteResult(tenantId: string, quoteId: string, result: { path: string; body: unknown }) {
    await this.db.updateTable('hub_quotes').set({ result: JSON.stringify(result) }).where('tenant_id', '=', tenantId).where('quote_id', '=', quoteId).execute();
  }

  async createTransactionRequest(record: TransactionRequestRecord) {
    const result = await this.db.insertInto('hub_transaction_requests').values({
      tenant_id: record.tenantId, transaction_request_id: record.transactionRequestId, direction: record.direction, status: record.status,
      payer: JSON.stringify(record.payer), payee: JSON.stringify(record.payee), amount: record.amount, currency: record.currency,
      note: record.note ?? null, transaction_id: record.transactionId ?? null, error_code: record.errorCode ?? null,
      error_description: record.errorDescription ?? null, process_instance_key: record.processInstanceKey ?? null,
      client_id: record.clientId ?? null, idempotency_key: record.idempotencyKey ?? null, request_hash: record.requestHash,
      created_at: record.createdAt, updated_at: record.updatedAt,
    }).onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1) return { created: true, record };
    const byId = await this.transactionRequest(record.tenantId, record.transactionRequestId, record.direction);
    if (byId) return { created: false, record: byId };
    const row = await this.db.selectFrom('hub_transaction_requests').selectAll().where('tenant_id', '=', record.tenantId)
      .where('client_id', '=', record.clientId ?? null).where('idempotency_key', '=', record.idempotencyKey ?? null).executeTakeFirstOrThrow();
    return { created: false, record: transactionRequestFromRow(row) };
  }

  async transactionRequest(tenantId: string, transactionRequestId: string, direction: TransactionRequestDirection) {
    const row = await this.db.selectFrom('hub_transaction_requests').selectAll().where('tenant_id', '=', tenantId)
      .where('transaction_request_id', '=', transactionRequestId).where('direction', '=', direction).executeTakeFirst();
    return row && transactionRequestFromRow(row);
  }

  async updateTransactionRequest(tenantId: string, transactionRequestId: string, direction: TransactionRequestDirection, patch: TransactionRequestPatch) {
    const values: Partial<TransactionRequestRow> = { updated_at: Date.now() };
    if (patch.status) values.status = patch.status;
    if (patch.payer) values.payer = JSON.stringify(patch.payer);
    if (patch.payee) values.payee = JSON.stringify(patch.payee);
    if (patch.transactionId !== undefined) values.transaction_id = patch.transactionId;
    if (patch.errorCode !== undefined) values.error_code = patch.errorCode;
    if (patch.errorDescription !== undefined) values.error_description = patch.errorDescription.slice(0, 256);
    if (patch.processInstanceKey !== undefined) values.process_instance_key = patch.processInstanceKey;
    let query = this.db.updateTable('hub_transaction_requests').set(values)
      .where('tenant_id', '=', tenantId).where('transaction_request_id', '=', transactionRequestId).where('direction', '=', direction);
    if (patch.status) query = query.where('status', 'not in', ['COMPLETED', 'FAILED', 'REJECTED']);
    await query.execute();
  }

  async createRegistration(record: RegistrationRecord) {
    await this.db.insertInto('hub_registrations').values({
      tenant_id: record.tenantId, registration_id: record.registrationId, id_type: record.idType, id_value: record.idValue,
      account_id: record.accountId, status: record.status, error_code: record.errorCode ?? null, error_description: record.errorDescription ?? null,
      process_instance_key: record.processInstanceKey ?? null, created_at: record.createdAt, updated_at: record.updatedAt,
    }).onConflict((conflict) => conflict.doNothing()).execute();
  }

  async registration(tenantId: string, registrationId: string) {
    const row = await this.db.selectFrom('hub_registrations').selectAll().where('tenant_id', '=', tenantId).where('registration_id', '=', registrationId).executeTakeFirst();
    if (!row) return undefined;
    return {
      tenantId: row.tenant_id, registrationId: row.registration_id, idType: row.id_type, idValue: row.id_value, accountId: row.account_id,
      status: row.status as RegistrationRecord['status'], createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
      ...optional('errorCode', row.error_code), ...optional('errorDescription', row.error_description), ...optional('processInstanceKey', row.process_instance_key),
    };
  }

  async updateRegistration(tenantId: string, registrationId: string, patch: Partial<Pick<RegistrationRecord, 'status' | 'errorCode' | 'errorDescription' | 'processInstanceKey'>>) {
    const values: Partial<RegistrationRow> = { updated_at: Date.now() };
    if (patch.status) values.status = patch.status;
    if (patch.errorCode !== undefined) values.error_code = patch.errorCode;
    if (patch.errorDescription !== undefined) values.error_description = patch.errorDescription.slice(0, 256);
    if (patch.processInstanceKey !== undefined) values.process_instance_key = patch.processInstanceKey;
    await this.db.updateTable('hub_registrations').set(values).where('tenant_id', '=', tenantId).where('registration_id', '=', registrationId).execute();
  }

  async addPendingLookup(key: string, lookupId: string, at: number) {
    await this.db.insertInto('hub_pending_lookups').values({ lookup_key: key, lookup_id: lookupId, created_at: at })
      .onConflict((conflict) => conflict.doNothing()).execute();
  }

  async pendingLookups(key: string) {
    return (await this.db.selectFrom('hub_pending_lookups').select('lookup_id').where('lookup_key', '=', key).execute()).map((row) => row.lookup_id);
  }

  async forgetLookups(key: string, lookupIds: readonly string[]) {
    if (lookupIds.length) await this.db.deleteFrom('hub_pending_lookups').where('lookup_key', '=', key).where('lookup_id', 'in', [...lookupIds]).execute();
  }

  async forgetLookupsBefore(at: number) {
    await this.db.deleteFrom('hub_pending_lookups').where('created_at', '<', at).execute();
  }
}
