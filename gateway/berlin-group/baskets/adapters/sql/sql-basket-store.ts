// SPDX-License-Identifier: Apache-2.0
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { BasketStatus, BasketStore } from '../../signing-basket.js';

interface Tables {
  bg_signing_baskets: { basket_id: string; tenant_id: string; client_id: string; payment_ids: string; status: string; created_at: number; updated_at: number };
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_signing_baskets': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bg_signing_baskets')
        .addColumn('basket_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('tenant_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('payment_ids', 'text', (column) => column.notNull())
        .addColumn('status', 'varchar(8)', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};

/** Opens the signing basket table (migration context `berlin_group_baskets`). */
export async function openSqlBasketStore(database: SqlDatabase, now: () => number = Date.now): Promise<BasketStore> {
  await database.migrate('berlin_group_baskets', MIGRATIONS);
  const db = database.kysely<Tables>();
  return {
    async create(basket) {
      await db.insertInto('bg_signing_baskets').values({
        basket_id: basket.basketId, tenant_id: basket.tenantId, client_id: basket.clientId, payment_ids: JSON.stringify(basket.paymentIds),
        status: basket.transactionStatus, created_at: basket.createdAt, updated_at: basket.updatedAt,
      }).execute();
    },
    async get(basketId) {
      const row = await db.selectFrom('bg_signing_baskets').selectAll().where('basket_id', '=', basketId).executeTakeFirst();
      return row && {
        basketId: row.basket_id, tenantId: row.tenant_id, clientId: row.client_id, paymentIds: JSON.parse(row.payment_ids) as string[],
        transactionStatus: row.status as BasketStatus, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
      };
    },
    async update(basketId, expected, to) {
      const result = await db.updateTable('bg_signing_baskets').set({ status: to, updated_at: now() })
        .where('basket_id', '=', basketId).where('status', '=', expected).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
