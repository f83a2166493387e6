// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import type { SqlDatabase } from '../../../../../platform/store/index.js';
import type { Delivery, DeliveryState, NotificationStore, NotificationTarget } from '../../notification.js';

interface Tables {
  bg_notification_targets: { resource_id: string; resource: string; client_id: string; uri: string };
  bg_notification_deliveries: {
    delivery_id: string; resource_id: string; status: string; client_id: string; uri: string; body: string; state: string;
    attempts: number; next_at: number; last_error: string | null; created_at: number; delivered_at: number | null;
  };
}

const MIGRATIONS: Record<string, Migration> = {
  '0001_notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('bg_notification_targets')
        .addColumn('resource_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('resource', 'varchar(16)', (column) => column.notNull())
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('uri', 'varchar(2048)', (column) => column.notNull())
        .execute();
      await db.schema.createTable('bg_notification_deliveries')
        .addColumn('delivery_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('resource_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('status', 'varchar(32)', (column) => column.notNull())
        .addColumn('client_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('uri', 'varchar(2048)', (column) => column.notNull())
        .addColumn('body', 'text', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('next_at', 'bigint', (column) => column.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('delivered_at', 'bigint')
        .addUniqueConstraint('bg_notification_deliveries_once', ['resource_id', 'status'])
        .execute();
      await db.schema.createIndex('bg_notification_deliveries_due').on('bg_notification_deliveries').columns(['state', 'next_at']).execute();
      await db.schema.createIndex('bg_notification_deliveries_client').on('bg_notification_deliveries').columns(['client_id', 'created_at']).execute();
    },
  },
};

const toDelivery = (row: Tables['bg_notification_deliveries']): Delivery => ({
  deliveryId: row.delivery_id, resourceId: row.resource_id, clientId: row.client_id, uri: row.uri, body: JSON.parse(row.body) as Record<string, unknown>,
  state: row.state as DeliveryState, attempts: row.attempts, nextAt: Number(row.next_at), lastError: row.last_error ?? undefined,
  createdAt: Number(row.created_at), deliveredAt: row.delivered_at === null ? undefined : Number(row.delivered_at),
});

/** Opens the notification tables (migration context `berlin_group_notifications`). */
export async function openSqlNotificationStore(database: SqlDatabase): Promise<NotificationStore> {
  await database.migrate('berlin_group_notifications', MIGRATIONS);
  const db = database.kysely<Tables>();
  return {
    async subscribe(target) {
      await db.insertInto('bg_notification_targets').values({ resource_id: target.resourceId, resource: target.resource, client_id: target.clientId, uri: target.uri })
        .onConflict((conflict) => conflict.column('resource_id').doNothing()).execute();
    },
    async target(resourceId) {
      const row = await db.selectFrom('bg_notification_targets').selectAll().where('resource_id', '=', resourceId).executeTakeFirst();
      return row && { resourceId: row.resource_id, resource: row.resource as NotificationTarget['resource'], clientId: row.client_id, uri: row.uri };
    },
    async enqueue(target, status, body, now) {
      const result = await db.insertInto('bg_notification_deliveries').values({
        delivery_id: randomUUID(), resource_id: target.resourceId, status, client_id: target.clientId, uri: target.uri, body: JSON.stringify(body),
        state: 'pending', attempts: 0, next_at: now, last_error: null, created_at: now, delivered_at: null,
      }).onConflict((conflict) => conflict.columns(['resource_id', 'status']).doNothing()).executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async due(now, limit) {
      const rows = await db.selectFrom('bg_notification_deliveries').selectAll().where('state', '=', 'pending').where('next_at', '<=', now).orderBy('next_at').limit(limit).execute();
      return rows.map(toDelivery);
    },
    async record(deliveryId, outcome) {
      await db.updateTable('bg_notification_deliveries').set({
        state: outcome.state, attempts: outcome.attempts, next_at: outcome.nextAt, last_error: outcome.lastError ?? null, delivered_at: outcome.deliveredAt ?? null,
      }).where('delivery_id', '=', deliveryId).execute();
    },
    async forClient(clientId, limit) {
      const rows = await db.selectFrom('bg_notification_deliveries').selectAll().where('client_id', '=', clientId).orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map(toDelivery);
    },
  };
}
