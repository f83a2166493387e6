// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { Payment, PaymentPatch, PaymentStore, TransactionStatus } from '../../payment.js';

interface PaymentsTable {
  payment_id: string;
  tenant_id: string;
  client_id: string;
  service: string;
  product: string;
  status: string;
  debtor_account_id: string;
  psu_id: string | null;
  request_id: string;
  /** The initiation body as JSON text. */
  document: string;
  /** PaymentLeg[] as JSON text. */
  legs: string;
  /** StandingOrder as JSON text, for periodic payments. */
  standing_order: string | null;
  created_at: number;
  updated_at: number;
}

interface Tables {
  bg_payments: PaymentsTable;
}

/** The gateway's payment tables (migration context `berlin_group_payments`); names are never changed once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_payments': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bg_payments')
        .addColumn('payment_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('service', 'varchar(32)', (column) => column.notNull())
        .addColumn('product', 'varchar(64)', (column) => column.notNull())
        .addColumn('status', 'varchar(8)', (column) => column.notNull())
        .addColumn('debtor_account_id', 'varchar(128)', (column) => column.notNull())
        .addColumn('psu_id', 'varchar(255)')
        .addColumn('request_id', 'varchar(128)', (column) => column.notNull())
        .addColumn('document', 'text', (column) => column.notNull())
        .addColumn('legs', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addUniqueConstraint('bg_payments_request', ['client_id', 'request_id'])
        .execute();
      await db.schema.createIndex('bg_payments_status').on('bg_payments').columns(['status', 'updated_at']).execute();
    },
  },
  '0002_standing_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bg_payments').addColumn('standing_order', 'text').execute();
    },
  },
};

const toPayment = (row: PaymentsTable): Payment => ({
  paymentId: row.payment_id,
  tenantId: row.tenant_id,
  clientId: row.client_id,
  service: row.service as Payment['service'],
  product: row.product,
  transactionStatus: row.status as TransactionStatus,
  debtorAccountId: row.debtor_account_id,
  psuId: row.psu_id ?? undefined,
  requestId: row.request_id,
  document: JSON.parse(row.document) as Record<string, unknown>,
  legs: JSON.parse(row.legs) as Payment['legs'],
  standingOrder: row.standing_order === null ? undefined : JSON.parse(row.standing_order) as Payment['standingOrder'],
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** Opens the payment store on the shared database, bringing its table up to date. */
export async function openSqlPaymentStore(database: SqlDatabase, now: () => number = Date.now): Promise<PaymentStore> {
  await database.migrate('berlin_group_payments', MIGRATIONS);
  const db = database.kysely<Tables>();
  const byId = async (paymentId: string) => {
    const row = await db.selectFrom('bg_payments').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
    return row && toPayment(row);
  };
  return {
    async create(payment) {
      const inserted = await db.insertInto('bg_payments').values({
        payment_id: payment.paymentId, tenant_id: payment.tenantId, client_id: payment.clientId, service: payment.service,
        product: payment.product, status: payment.transactionStatus, debtor_account_id: payment.debtorAccountId,
        psu_id: payment.psuId ?? null, request_id: payment.requestId, document: JSON.stringify(payment.document),
        legs: JSON.stringify(payment.legs), standing_order: payment.standingOrder ? JSON.stringify(payment.standingOrder) : null,
        created_at: payment.createdAt, updated_at: payment.updatedAt,
      }).onConflict((conflict) => conflict.columns(['client_id', 'request_id']).doNothing()).executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows !== undefined && inserted.numInsertedOrUpdatedRows > 0n) return { payment, created: true };
      const row = await db.selectFrom('bg_payments').selectAll()
        .where('client_id', '=', payment.clientId).where('request_id', '=', payment.requestId).executeTakeFirstOrThrow();
      return { payment: toPayment(row), created: false };
    },
    get: byId,
    async update(paymentId, expected, patch: PaymentPatch) {
      const result = await db.updateTable('bg_payments').set({
        ...(patch.transactionStatus && { status: patch.transactionStatus }),
        ...(patch.psuId !== undefined && { psu_id: patch.psuId }),
        ...(patch.legs && { legs: JSON.stringify(patch.legs) }),
        ...(patch.standingOrder && { standing_order: JSON.stringify(patch.standingOrder) }),
        updated_at: now(),
      }).where('payment_id', '=', paymentId).where('status', '=', expected).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async patch(paymentId, change) {
      // Optimistic: written only if the row is as read (updated_at), read again after a lost race.
      for (;;) {
        const row = await db.selectFrom('bg_payments').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
        if (!row) return undefined;
        const current = toPayment(row);
        const next = change(current);
        // A new value, so the optimistic check of a concurrent writer fails; now, so the sweep looks at it soon.
        const at = now() === Number(row.updated_at) ? now() + 1 : now();
        const result = await db.updateTable('bg_payments').set({
          ...(next.legs && { legs: JSON.stringify(next.legs) }),
          ...(next.standingOrder && { standing_order: JSON.stringify(next.standingOrder) }),
          updated_at: at,
        }).where('payment_id', '=', paymentId).where('updated_at', '=', row.updated_at).executeTakeFirst();
        if (result.numUpdatedRows > 0n) return { ...current, ...next, updatedAt: at };
      }
    },
    async touch(paymentId, at) {
      await db.updateTable('bg_payments').set({ updated_at: at }).where('payment_id', '=', paymentId).execute();
    },
    async stale(statuses, before, limit) {
      const rows = await db.selectFrom('bg_payments').selectAll().where('status', 'in', [...statuses]).where('updated_at', '<', before)
        .orderBy('updated_at').limit(limit).execute();
      return rows.map(toPayment);
    },
  };
}
