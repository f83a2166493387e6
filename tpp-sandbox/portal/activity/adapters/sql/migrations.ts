// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import type { Migration } from '../../../../../platform/store/index.js';

/** The `portal_activity` context's tables; names sort in the order they run and are never changed once released. Times are epoch ms. */
export const PORTAL_ACTIVITY_MIGRATIONS: Record<string, Migration> = {
  '0001_portal_api_calls': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('portal_api_calls')
        // The audit record's offset in `gateway.audit`: a redelivered record hits this key and is not stored twice.
        .addColumn('position', 'bigint', (column) => column.primaryKey())
        .addColumn('client_id', 'varchar(200)', (column) => column.notNull())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('request_id', 'varchar(200)')
        .addColumn('tenant_id', 'varchar(100)')
        .addColumn('consent_id', 'varchar(200)')
        .addColumn('payment_id', 'varchar(200)')
        .addColumn('method', 'varchar(16)', (column) => column.notNull())
        .addColumn('endpoint', 'varchar(400)', (column) => column.notNull())
        .addColumn('status', 'integer', (column) => column.notNull())
        .addColumn('error_code', 'varchar(100)')
        // Milliseconds with the gateway's two decimals; a latency, not an amount.
        .addColumn('duration_ms', 'double precision', (column) => column.notNull())
        .execute();
      // Every query is one team's clients, newest first or over a time range.
      await db.schema.createIndex('portal_api_calls_by_client').on('portal_api_calls').columns(['client_id', 'position']).execute();
      await db.schema.createIndex('portal_api_calls_by_client_time').on('portal_api_calls').columns(['client_id', 'at']).execute();
      // Retention deletes by time across clients.
      await db.schema.createIndex('portal_api_calls_by_time').on('portal_api_calls').column('at').execute();
    },
  },
};
